using System;
using System.Diagnostics.Metrics;
using CallCrm.Connectors.Diagnostics;

namespace CallCrm.Connectors.Security.Audit;

/// <summary>The audit log's instruments, on the meter <see cref="CallCrmTelemetry.MeterNames.Security"/>.</summary>
internal sealed class AuditMetrics : IDisposable
{
    private readonly Meter meter;
    private readonly bool ownsMeter;
    private readonly Histogram<double> flushDuration;
    private readonly Histogram<long> batchSize;

    public AuditMetrics(IMeterFactory? meterFactory, Func<long> queued)
    {
        // A factory shares one meter per name among its callers and disposes it itself; only a meter made here is ours to dispose.
        ownsMeter = meterFactory is null;
        var version = typeof(AuditMetrics).Assembly.GetName().Version?.ToString(3);
        meter = meterFactory?.Create(CallCrmTelemetry.MeterNames.Security, version) ?? new Meter(CallCrmTelemetry.MeterNames.Security, version);
        meter.CreateObservableGauge("callcrm.audit.queue.depth", queued, "{entry}", "Audit entries waiting to be written.");
        flushDuration = meter.CreateHistogram<double>("callcrm.audit.flush.duration", "s", "Duration of one group commit of audit entries.");
        batchSize = meter.CreateHistogram<long>("callcrm.audit.flush.entries", "{entry}", "Audit entries written by one group commit.");
    }

    public void Flushed(int entries, TimeSpan duration)
    {
        flushDuration.Record(duration.TotalSeconds);
        batchSize.Record(entries);
    }

    public void Dispose()
    {
        if (ownsMeter)
        {
            meter.Dispose();
        }
    }
}
