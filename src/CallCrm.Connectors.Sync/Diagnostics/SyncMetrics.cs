using System.Diagnostics.Metrics;

namespace CallCrm.Connectors.Sync.Diagnostics;

/// <summary>The engine's instruments, on the SDK-wide meter <c>CallCrm.Connectors</c>.</summary>
internal static class SyncMetrics
{
    public const string MeterName = "CallCrm.Connectors";

    private static readonly Meter Meter = new(MeterName, typeof(SyncMetrics).Assembly.GetName().Version?.ToString());

    /// <summary>Records settled by a stream, tagged with <c>stream</c> and <c>outcome</c> (written, unchanged, buffered, dead_lettered).</summary>
    public static readonly Counter<long> Records = Meter.CreateCounter<long>("callcrm.sync.records", "{record}", "Records settled by the sync engine, by outcome.");

    /// <summary>Records read from sources.</summary>
    public static readonly Counter<long> RecordsRead = Meter.CreateCounter<long>("callcrm.sync.records.read", "{record}", "Records read from sources.");

    /// <summary>Retried write attempts, tagged with <c>sink</c>.</summary>
    public static readonly Counter<long> Retries = Meter.CreateCounter<long>("callcrm.sync.retries", "{attempt}", "Write attempts retried after a transient failure.");

    /// <summary>How long a batch took from dispatch to commit.</summary>
    public static readonly Histogram<double> BatchDuration = Meter.CreateHistogram<double>("callcrm.sync.batch.duration", "s", "Time from dispatching a batch to committing its outcome.");

    /// <summary>Changes the registered auditor failed to record (committed, but missing from the audit trail), tagged with <c>stream</c>.</summary>
    public static readonly Counter<long> AuditFailures = Meter.CreateCounter<long>("callcrm.sync.audit.failures", "{change}", "Committed changes the auditor failed to record.");

    /// <summary>Runs finished, tagged with <c>stream</c> and <c>outcome</c>.</summary>
    public static readonly Counter<long> Runs = Meter.CreateCounter<long>("callcrm.sync.runs", "{run}", "Sync runs finished.");
}
