using System;
using System.Diagnostics.Metrics;

namespace CallCrm.Connectors.Security.Audit;

/// <summary>The audit log's instruments, on meter <see cref="MeterName"/>.</summary>
internal sealed class AuditMetrics : IDisposable
{
    public const string MeterName = "CallCrm.Connectors.Security";
    private readonly Meter meter;
    private readonly Histogram<double> flushDuration;
    private readonly Histogram<long> batchSize;

    public AuditMetrics(IMeterFactory? meterFactory, Func<long> queued)
    {
        meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        meter.CreateObservableGauge("callcrm.audit.queue.depth", queued, "{entry}", "Audit entries waiting to be written.");
        flushDuration = meter.CreateHistogram<double>("callcrm.audit.flush.duration", "s", "Duration of one group commit of audit entries.");
        batchSize = meter.CreateHistogram<long>("callcrm.audit.flush.entries", "{entry}", "Audit entries written by one group commit.");
    }

    public void Flushed(int entries, TimeSpan duration)
    {
        flushDuration.Record(duration.TotalSeconds);
        batchSize.Record(entries);
    }

    public void Dispose() => meter.Dispose();
}
