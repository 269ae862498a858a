using System;
using CallCrm.Connectors.State;
using CallCrm.Connectors.Sync;
using CallCrm.Connectors.Sync.Health;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly.Registry;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the sync engine.</summary>
public static class SyncServiceCollectionExtensions
{
    /// <summary>Registers <see cref="SyncEngine"/> (and it as <see cref="ISyncHealth"/>) as a singleton over the registered
    /// <see cref="IConnectorStateStore"/>, <see cref="TimeProvider"/> (the system clock when none is registered), logging and
    /// <see cref="System.Diagnostics.Metrics.IMeterFactory"/> (when the host registers one, as the generic host does),
    /// Polly's <see cref="ResiliencePipelineProvider{TKey}"/> of <see cref="string"/> when one is registered (its pipelines under
    /// <see cref="CallCrm.Connectors.Sync.Resilience.SinkResiliencePipelines.KeyFor"/> replace the streams' default ones),
    /// and validates every <see cref="SyncOptions"/> instance at start.</summary>
    /// <param name="services">The services.</param>
    /// <returns>The services.</returns>
    /// <remarks>Create the streams from the engine once it is resolved (for example in a hosted service):
    /// <c>engine.AddCallLogStream(new CallLogStreamDefinition(...) { Options = optionsMonitor.Get("calls") })</c>.</remarks>
    public static IServiceCollection AddCallCrmSync(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new SyncEngine(
            sp.GetRequiredService<IConnectorStateStore>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILoggerFactory>(),
            sp.GetService<CallCrm.Connectors.Auditing.IDataChangeAuditor>(),
            sp.GetService<System.Diagnostics.Metrics.IMeterFactory>())
        {
            // Polly.Extensions registers its registry as the provider; a registry registered by hand may be there under its own type only.
            ResiliencePipelines = sp.GetService<ResiliencePipelineProvider<string>>() ?? sp.GetService<ResiliencePipelineRegistry<string>>(),
            Leases = sp.GetRequiredService<IConnectorStateStore>() as CallCrm.Connectors.State.IStreamLeaseProvider,
        });
        services.TryAddSingleton<ISyncHealth>(sp => sp.GetRequiredService<SyncEngine>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SyncOptions>, SyncOptionsValidator>());
        return services;
    }
}
