using System.Diagnostics;
using CallCrm.Connectors.Diagnostics;

namespace CallCrm.Connectors.Sync.Diagnostics;

/// <summary>Traces of runs and batches, on the activity source <see cref="CallCrmTelemetry.ActivitySourceNames.Sync"/>.</summary>
internal static class SyncActivitySource
{
    /// <summary>The span around one run of a stream.</summary>
    public const string Run = "callcrm.sync.run";

    /// <summary>The span around one batch, from dispatch to commit.</summary>
    public const string Batch = "callcrm.sync.batch";

    // Static: ActivitySource has no factory, and listeners select it by name.
    public static readonly ActivitySource Source = new(CallCrmTelemetry.ActivitySourceNames.Sync, typeof(SyncActivitySource).Assembly.GetName().Version?.ToString(3));
}
