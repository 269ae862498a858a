using System;
using CallCrm.Connectors.State;
using CallCrm.Connectors.Sync;
using CallCrm.Connectors.Sync.Health;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the sync engine.</summary>
public static class SyncServiceCollectionExtensions
{
    /// <summary>Registers <see cref="SyncEngine"/> (and it as <see cref="ISyncHealth"/>) as a singleton over the registered
    /// <see cref="IConnectorStateStore"/>, <see cref="TimeProvider"/> (the system clock when none is registered), logging and
    /// <see cref="System.Diagnostics.Metrics.IMeterFactory"/> (when the host registers one, as the generic host does),
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
            sp.GetService<System.Diagnostics.Metrics.IMeterFactory>()));
        services.TryAddSingleton<ISyncHealth>(sp => sp.GetRequiredService<SyncEngine>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SyncOptions>, SyncOptionsValidator>());
        return services;
    }
}
