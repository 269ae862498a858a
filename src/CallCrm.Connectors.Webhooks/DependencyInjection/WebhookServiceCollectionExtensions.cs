using System;
using System.Linq;
using System.Net.Http;
using CallCrm.Connectors.Http;
using CallCrm.Connectors.Providers;
using CallCrm.Connectors.Webhooks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers <see cref="WebhookCallSystemSink"/>s.</summary>
/// <example>
/// <code>
/// services.AddWebhookCallSystemSink(options =>
/// {
///     options.Endpoint = new Uri("https://callsystem.example.com/callcrm/tags");
///     options.Secret = new Secret(configuration["CallSystem:WebhookSecret"]!);
///     options.SystemName = "Call system";
/// });
/// // Resolve: ICallSystemSink, or sp.GetRequiredKeyedService&lt;WebhookCallSystemSink&gt;("webhook").
/// </code>
/// </example>
public static class WebhookServiceCollectionExtensions
{
    /// <summary>The prefix of the connector HTTP client of each sink (<c>CallCrm.Connectors.Webhooks.&lt;name&gt;</c>),
    /// whose <see cref="ConnectorHttpClientOptions"/> may be post-configured further.</summary>
    public const string HttpClientNamePrefix = "CallCrm.Connectors.Webhooks.";

    /// <summary>Adds the webhook call-system sink named <see cref="WebhookSinkOptions.DefaultName"/>, with options
    /// configured elsewhere (<c>services.Configure&lt;WebhookSinkOptions&gt;(WebhookSinkOptions.DefaultName, ...)</c>).</summary>
    /// <param name="services">The services.</param>
    /// <returns>The builder of the sink's connector HTTP client, to add a rate limit or receiver authentication.</returns>
    public static IConnectorHttpClientBuilder AddWebhookCallSystemSink(this IServiceCollection services) =>
        services.AddWebhookCallSystemSink(WebhookSinkOptions.DefaultName);

    /// <summary>Adds a named webhook call-system sink, with options configured elsewhere
    /// (<c>services.Configure&lt;WebhookSinkOptions&gt;(name, ...)</c>).</summary>
    /// <param name="services">The services.</param>
    /// <param name="name">The sink's name (<see cref="IConnectorProvider.Name"/>), also the key it is registered under.</param>
    /// <returns>The builder of the sink's connector HTTP client.</returns>
    public static IConnectorHttpClientBuilder AddWebhookCallSystemSink(this IServiceCollection services, string name)
        => AddCore(services, name, static _ => { });

    /// <summary>Adds the webhook call-system sink named <see cref="WebhookSinkOptions.DefaultName"/>.</summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets the sink's options.</param>
    /// <returns>The builder of the sink's connector HTTP client, to add a rate limit or receiver authentication.</returns>
    public static IConnectorHttpClientBuilder AddWebhookCallSystemSink(this IServiceCollection services, Action<WebhookSinkOptions> configure) =>
        services.AddWebhookCallSystemSink(WebhookSinkOptions.DefaultName, configure);

    /// <summary>Adds a named webhook call-system sink (one per call system).</summary>
    /// <param name="services">The services.</param>
    /// <param name="name">The sink's name (<see cref="IConnectorProvider.Name"/>), also the key it is registered under.</param>
    /// <param name="configure">Sets the sink's options.</param>
    /// <returns>The builder of the sink's connector HTTP client.</returns>
    public static IConnectorHttpClientBuilder AddWebhookCallSystemSink(this IServiceCollection services, string name, Action<WebhookSinkOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return AddCore(services, name, options => options.Configure(configure));
    }

    /// <summary>Adds the webhook call-system sink named <see cref="WebhookSinkOptions.DefaultName"/> with options bound from configuration.</summary>
    /// <param name="services">The services.</param>
    /// <param name="section">The section holding <see cref="WebhookSinkOptions"/> (for example <c>CallCrm:Webhooks:webhook</c>).</param>
    /// <returns>The builder of the sink's connector HTTP client.</returns>
    public static IConnectorHttpClientBuilder AddWebhookCallSystemSink(this IServiceCollection services, IConfigurationSection section) =>
        services.AddWebhookCallSystemSink(WebhookSinkOptions.DefaultName, section);

    /// <summary>Adds a named webhook call-system sink with options bound from configuration.</summary>
    /// <param name="services">The services.</param>
    /// <param name="name">The sink's name, also the key it is registered under.</param>
    /// <param name="section">The section holding <see cref="WebhookSinkOptions"/>.</param>
    /// <returns>The builder of the sink's connector HTTP client.</returns>
    public static IConnectorHttpClientBuilder AddWebhookCallSystemSink(this IServiceCollection services, string name, IConfigurationSection section)
    {
        ArgumentNullException.ThrowIfNull(section);
        return AddCore(services, name, options => options.Bind(section));
    }

    /// <summary>What every overload does: the name checked and unique, the named options set up by <paramref name="configureOptions"/>
    /// (nothing, a delegate or a configuration section) and validated at start, then the services.</summary>
    private static IConnectorHttpClientBuilder AddCore(IServiceCollection services, string name, Action<OptionsBuilder<WebhookSinkOptions>> configureOptions)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (services.Any(d => d.IsKeyedService && d.ServiceType == typeof(WebhookCallSystemSink) && Equals(d.ServiceKey, name)))
        {
            throw new InvalidOperationException("A webhook call-system sink named '" + name + "' is already registered.");
        }

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WebhookSinkOptions>, WebhookSinkOptionsValidator>());
        var options = services.AddOptions<WebhookSinkOptions>(name);
        configureOptions(options);
        options.ValidateOnStart();

        var clientName = HttpClientNamePrefix + name;
        var builder = services.AddCallCrmHttpClient(clientName, _ => { });

        // IHttpClientFactory's own request logging writes the full URI, and webhook URLs often carry a token in their
        // path; the sink logs every push itself, by origin and event id only.
        builder.HttpClientBuilder.RemoveAllLoggers();
        services.AddOptions<ConnectorHttpClientOptions>(clientName).Configure<IOptionsMonitor<WebhookSinkOptions>>((http, monitor) =>
        {
            var sink = monitor.Get(name);
            http.BaseAddress = sink.Endpoint;
            http.SystemName = sink.SystemName ?? name;
            http.AllowInsecureLoopback = sink.AllowInsecureLoopback;
            http.AllowPrivateNetworkAddresses = sink.AllowPrivateNetworkAddresses;
            http.AttemptTimeout = sink.Timeout;
            http.TotalRequestTimeout = sink.Timeout;

            // The sync engine owns retries (with backoff, Retry-After, a circuit breaker and the outbox); retrying here
            // too would multiply attempts and hide an unhealthy receiver from the circuit.
            http.Retry.MaxRetryAttempts = 0;

            // Every answer is read by the sink, which turns it into an outcome per update rather than an exception.
            http.ThrowOnErrorStatus = false;

            // A redirect of a signed POST is not something a receiver should need; refuse rather than re-post elsewhere.
            http.MaxRedirects = 0;
        });

        services.TryAddSingleton(sp => new WebhookMetrics(sp.GetService<System.Diagnostics.Metrics.IMeterFactory>()));
        services.AddKeyedSingleton(name, (sp, _) => new WebhookCallSystemSink(
            name,
            sp.GetRequiredService<IHttpClientFactory>(),
            clientName,
            sp.GetRequiredService<IOptionsMonitor<WebhookSinkOptions>>().Get(name),
            sp.GetRequiredService<TimeProvider>(),
            (sp.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance).CreateLogger<WebhookCallSystemSink>(),
            sp.GetRequiredService<WebhookMetrics>()));
        services.AddKeyedSingleton<ICallSystemSink>(name, (sp, key) => sp.GetRequiredKeyedService<WebhookCallSystemSink>(key));

        // The first sink registered is also the unkeyed ICallSystemSink, for hosts with one call system.
        services.TryAddSingleton<ICallSystemSink>(sp => sp.GetRequiredKeyedService<WebhookCallSystemSink>(name));
        return builder;
    }
}
