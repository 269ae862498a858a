using System;
using System.Collections.Generic;
using System.Diagnostics.Metrics;

namespace CallCrm.Connectors.ScreenPop;

/// <summary>The package's instruments: meter <see cref="MeterName"/>.</summary>
internal sealed class ScreenPopMetrics : IDisposable
{
    // The SDK's one meter name, so that AddMeter("CallCrm.Connectors") collects screen-pop with sync and HTTP.
    public const string MeterName = "CallCrm.Connectors";
    private readonly Meter meter;
    private readonly Counter<long> lookups;

    public ScreenPopMetrics(IMeterFactory? meterFactory)
    {
        meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        lookups = meter.CreateCounter<long>("callcrm.screenpop.lookups", "{lookup}", "Screen-pop lookups, by how the card was served.");
    }

    /// <summary>Counts a lookup. <paramref name="source"/> is hit, stale, miss, stale_if_error, unavailable, withheld or invalid.</summary>
    public void Lookup(string source) => lookups.Add(1, new KeyValuePair<string, object?>("callcrm.screenpop.source", source));

    public void Dispose() => meter.Dispose();
}
