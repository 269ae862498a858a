using System;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using CallCrm.Connectors.Diagnostics;

namespace CallCrm.Connectors.Webhooks;

/// <summary>The package's instruments, on the meter <see cref="CallCrmTelemetry.MeterNames.Webhooks"/>; one per service provider.</summary>
internal sealed class WebhookMetrics : IDisposable
{
    private readonly PackageMeter meter;
    private readonly Counter<long> pushes;
    private readonly Histogram<double> duration;

    public WebhookMetrics(IMeterFactory? meterFactory)
    {
        meter = new PackageMeter(CallCrmTelemetry.MeterNames.Webhooks, meterFactory);
        pushes = meter.Meter.CreateCounter<long>("callcrm.webhook.pushes", "{push}", "Tag pushes sent to call systems, by callcrm.outcome.");
        duration = meter.Meter.CreateHistogram<double>("callcrm.webhook.push.duration", "s", "Time from sending a tag push to its answer.");
    }

    /// <summary>Counts a push (and, when answered, its duration). <paramref name="outcome"/> is <c>written</c>, <c>unchanged</c>,
    /// <c>transient_failure</c>, <c>permanent_failure</c> or <c>unreachable</c>; failures carry their error code as <c>error.type</c>.</summary>
    public void Record(string sink, string outcome, string? errorType, double? seconds)
    {
        var tags = new TagList
        {
            { CallCrmTelemetry.Attributes.Provider, sink },
            { CallCrmTelemetry.Attributes.Outcome, outcome },
        };
        if (errorType is not null)
        {
            tags.Add(CallCrmTelemetry.Attributes.ErrorType, errorType);
        }

        pushes.Add(1, tags);
        if (seconds is { } value)
        {
            duration.Record(value, tags);
        }
    }

    public void Dispose() => meter.Dispose();
}
