using System;
using CallCrm.Connectors.Security.Webhooks;
using CallCrm.Connectors.State;
using CallCrm.Connectors.Storage.PostgreSql;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the PostgreSQL state store.</summary>
public static class PostgreSqlStateStoreServiceCollectionExtensions
{
    /// <summary>Registers <see cref="PostgreSqlStateStore"/> as the singleton <see cref="IConnectorStateStore"/>, and
    /// <see cref="PostgreSqlWebhookReplayStore"/> as the <see cref="IWebhookReplayStore"/>, with options configured
    /// elsewhere (for example <c>services.Configure&lt;PostgreSqlStateStoreOptions&gt;(...)</c>). The options are validated when the host starts.</summary>
    /// <param name="services">The services.</param>
    /// <returns>The services, for chaining.</returns>
    public static IServiceCollection AddPostgreSqlStateStore(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<PostgreSqlStateStoreOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PostgreSqlStateStoreOptions>, PostgreSqlStateStoreOptionsValidator>());
        services.TryAddSingleton(static provider => new PostgreSqlStateStore(
            provider.GetRequiredService<IOptions<PostgreSqlStateStoreOptions>>(),
            provider.GetService<ILogger<PostgreSqlStateStore>>()));
        services.TryAddSingleton<IConnectorStateStore>(static provider => provider.GetRequiredService<PostgreSqlStateStore>());
        // Webhook replays in the same database, shared by every instance; it replaces the in-process default a provider may have
        // registered (register another IWebhookReplayStore after this call to use that one instead).
        services.Replace(ServiceDescriptor.Singleton<IWebhookReplayStore>(static provider => new PostgreSqlWebhookReplayStore(
            provider.GetRequiredService<PostgreSqlStateStore>(), provider.GetService<TimeProvider>() ?? TimeProvider.System)));
        return services;
    }

    /// <summary>Registers <see cref="PostgreSqlStateStore"/> as the singleton <see cref="IConnectorStateStore"/>.</summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Configures the options, for example sets <see cref="PostgreSqlStateStoreOptions.ConnectionString"/>.</param>
    /// <returns>The services, for chaining.</returns>
    public static IServiceCollection AddPostgreSqlStateStore(this IServiceCollection services, Action<PostgreSqlStateStoreOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        services.AddPostgreSqlStateStore().Configure(configure);
        return services;
    }

    /// <summary>Registers <see cref="PostgreSqlStateStore"/> as the singleton <see cref="IConnectorStateStore"/>, with options bound from configuration.</summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The configuration section, for example <c>configuration.GetSection("CallCrm:State:PostgreSql")</c>.
    /// Keep the connection string's password in a secret store (user secrets, environment, a vault), not in appsettings.json.</param>
    /// <returns>The services, for chaining.</returns>
    public static IServiceCollection AddPostgreSqlStateStore(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddPostgreSqlStateStore().Configure<PostgreSqlStateStoreOptions>(configuration);
        return services;
    }
}
