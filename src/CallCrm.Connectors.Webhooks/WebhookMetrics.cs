using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace CallCrm.Connectors.Webhooks;

/// <summary>The package's instruments, on the meter <c>CallCrm.Connectors.Webhooks</c>.</summary>
internal static class WebhookMetrics
{
    public const string MeterName = "CallCrm.Connectors.Webhooks";

    private static readonly Meter Meter = new(MeterName, typeof(WebhookMetrics).Assembly.GetName().Version?.ToString(3));

    /// <summary>Tag pushes by sink and outcome (<c>written</c>, <c>unchanged</c>, <c>transient_failure</c>, <c>permanent_failure</c>, <c>unreachable</c>).</summary>
    private static readonly Counter<long> Pushes = Meter.CreateCounter<long>("callcrm.webhook.pushes", "{push}", "Tag pushes sent to call systems, by outcome.");

    /// <summary>How long receivers took to answer.</summary>
    private static readonly Histogram<double> Duration = Meter.CreateHistogram<double>("callcrm.webhook.push.duration", "s", "Time from sending a tag push to its answer.");

    public static void Record(string sink, string outcome, double? seconds)
    {
        var tags = new TagList { new KeyValuePair<string, object?>("sink", sink), new KeyValuePair<string, object?>("outcome", outcome) };
        Pushes.Add(1, tags);
        if (seconds is { } value)
        {
            Duration.Record(value, tags);
        }
    }
}
