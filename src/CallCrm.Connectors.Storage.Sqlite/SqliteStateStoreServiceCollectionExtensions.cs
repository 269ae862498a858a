using System;
using CallCrm.Connectors.Security.Webhooks;
using CallCrm.Connectors.State;
using CallCrm.Connectors.Storage.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the SQLite state store.</summary>
public static class SqliteStateStoreServiceCollectionExtensions
{
    /// <summary>Registers <see cref="SqliteStateStore"/> as the singleton <see cref="IConnectorStateStore"/>, and
    /// <see cref="SqliteWebhookReplayStore"/> as the <see cref="IWebhookReplayStore"/>, with options configured
    /// elsewhere (for example <c>services.Configure&lt;SqliteStateStoreOptions&gt;(...)</c>). The options are validated when the host starts.
    /// A relative database path resolves against the host's content root (<c>IHostEnvironment.ContentRootPath</c>) when a host is
    /// registered, else against the working directory; the store logs the absolute path when it opens.</summary>
    /// <param name="services">The services.</param>
    /// <returns>The services, for chaining.</returns>
    public static IServiceCollection AddSqliteStateStore(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<SqliteStateStoreOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SqliteStateStoreOptions>, SqliteStateStoreOptionsValidator>());
        // A relative DataSource means "under the application", not "under whatever folder the process was started from".
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<SqliteStateStoreOptions>, SqliteDataSourceResolver>());
        services.TryAddSingleton(static provider => new SqliteStateStore(
            provider.GetRequiredService<IOptions<SqliteStateStoreOptions>>(),
            provider.GetService<ILogger<SqliteStateStore>>()));
        services.TryAddSingleton<IConnectorStateStore>(static provider => provider.GetRequiredService<SqliteStateStore>());
        // Webhook replays in the same file, durable and shared by the processes using it; it replaces the in-process default
        // a provider may have registered (register another IWebhookReplayStore after this call to use that one instead).
        services.Replace(ServiceDescriptor.Singleton<IWebhookReplayStore>(static provider => new SqliteWebhookReplayStore(
            provider.GetRequiredService<SqliteStateStore>(), provider.GetService<TimeProvider>() ?? TimeProvider.System)));
        return services;
    }

    /// <summary>Registers <see cref="SqliteStateStore"/> as the singleton <see cref="IConnectorStateStore"/>.</summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Configures the options, for example sets <see cref="SqliteStateStoreOptions.DataSource"/>.</param>
    /// <returns>The services, for chaining.</returns>
    public static IServiceCollection AddSqliteStateStore(this IServiceCollection services, Action<SqliteStateStoreOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        services.AddSqliteStateStore().Configure(configure);
        return services;
    }

    /// <summary>Registers <see cref="SqliteStateStore"/> as the singleton <see cref="IConnectorStateStore"/>, with options bound from configuration.</summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The configuration section, for example <c>configuration.GetSection("CallCrm:State:Sqlite")</c>.</param>
    /// <returns>The services, for chaining.</returns>
    public static IServiceCollection AddSqliteStateStore(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddSqliteStateStore().Configure<SqliteStateStoreOptions>(configuration);
        return services;
    }
}
