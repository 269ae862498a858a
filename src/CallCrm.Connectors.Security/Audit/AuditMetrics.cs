using System;
using System.Diagnostics.Metrics;
using CallCrm.Connectors.Diagnostics;

namespace CallCrm.Connectors.Security.Audit;

/// <summary>The audit log's instruments, on the meter <see cref="CallCrmTelemetry.MeterNames.Security"/>.</summary>
internal sealed class AuditMetrics : IDisposable
{
    private readonly PackageMeter meter;
    private readonly Histogram<double> flushDuration;
    private readonly Histogram<long> batchSize;

    public AuditMetrics(IMeterFactory? meterFactory, Func<long> queued)
    {
        meter = new PackageMeter(CallCrmTelemetry.MeterNames.Security, meterFactory);
        meter.Meter.CreateObservableGauge("callcrm.audit.queue.depth", queued, "{entry}", "Audit entries waiting to be written.");
        flushDuration = meter.Meter.CreateHistogram<double>("callcrm.audit.flush.duration", "s", "Duration of one group commit of audit entries.");
        batchSize = meter.Meter.CreateHistogram<long>("callcrm.audit.flush.entries", "{entry}", "Audit entries written by one group commit.");
    }

    public void Flushed(int entries, TimeSpan duration)
    {
        flushDuration.Record(duration.TotalSeconds);
        batchSize.Record(entries);
    }

    public void Dispose() => meter.Dispose();
}
