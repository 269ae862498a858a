using System;
using CallCrm.Connectors.Hosting;
using CallCrm.Connectors.Hosting.Diagnostics;
using CallCrm.Connectors.Hosting.Health;
using CallCrm.Connectors.Hosting.Internal;
using CallCrm.Connectors.Sync;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds CallCrm.Connectors to a host.</summary>
public static class CallCrmConnectorsServiceCollectionExtensions
{
    /// <summary>
    /// Adds the sync engine, the configured streams (<see cref="ConnectorStreams"/>), a hosted service that runs them continuously
    /// with graceful shutdown, and the <c>CallCrm.Connectors</c> metrics; the options are validated when the host starts.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Adds the state store, providers, streams and screen-pop, or binds them from configuration.</param>
    /// <returns>The services.</returns>
    /// <example>
    /// <code>
    /// builder.Services.AddTwilioCallSource(builder.Configuration.GetSection("CallCrm:Twilio"));
    /// builder.Services.AddHubSpotCrm(builder.Configuration.GetSection("CallCrm:HubSpot"));
    /// builder.Services.AddCallCrmConnectors(callcrm => callcrm
    ///     .UseSqliteStateStore(o => o.DataSource = "data/callcrm-state.db")
    ///     .AddCallLogStream("calls", source: "twilio", sink: "hubspot", s => s.Sync.PollInterval = TimeSpan.FromMinutes(1))
    ///     .AddScreenPop(o => o.Region = "US"));   // audit sealing key: CallCrm:Security:Audit:SealingKey
    /// builder.Services.AddHealthChecks().AddCallCrmConnectors();
    /// </code>
    /// </example>
    public static IServiceCollection AddCallCrmConnectors(this IServiceCollection services, Action<CallCrmConnectorsBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        var builder = new CallCrmConnectorsBuilder(services);
        configure(builder);

        services.AddCallCrmSync();
        services.AddOptions<CallCrmConnectorsOptions>().ValidateOnStart();
        services.TryAddSingleton(new RegisteredProviders(services));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CallCrmConnectorsOptions>, CallCrmConnectorsOptionsValidator>());
        services.TryAddSingleton(sp => new ConnectorMetrics(sp.GetService<System.Diagnostics.Metrics.IMeterFactory>()));
        services.TryAddSingleton(sp => new ConnectorStreams(
            sp.GetRequiredService<SyncEngine>(),
            sp.GetRequiredService<IOptions<CallCrmConnectorsOptions>>(),
            sp,
            sp.GetRequiredService<ConnectorMetrics>()));
        services.TryAddSingleton(sp => new ConnectionChecks(sp, sp.GetRequiredService<IOptions<CallCrmConnectorsOptions>>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, ConnectorStreamsHostedService>(sp => new ConnectorStreamsHostedService(
            sp.GetRequiredService<ConnectorStreams>,
            sp.GetRequiredService<ConnectionChecks>,
            sp.GetService<ILogger<ConnectorStreamsHostedService>>() ?? NullLogger<ConnectorStreamsHostedService>.Instance)));
        return services;
    }
}
