using System;
using System.Collections.Generic;
using System.Diagnostics.Metrics;
using CallCrm.Connectors.Diagnostics;

namespace CallCrm.Connectors.ScreenPop;

/// <summary>The package's instruments, on the meter <see cref="CallCrmTelemetry.MeterNames.ScreenPop"/>.</summary>
internal sealed class ScreenPopMetrics : IDisposable
{
    private readonly PackageMeter meter;
    private readonly Counter<long> lookups;

    public ScreenPopMetrics(IMeterFactory? meterFactory)
    {
        meter = new PackageMeter(CallCrmTelemetry.MeterNames.ScreenPop, meterFactory);
        lookups = meter.Meter.CreateCounter<long>("callcrm.screenpop.lookups", "{lookup}", "Screen-pop lookups, by how the card was served.");
    }

    /// <summary>Counts a lookup. <paramref name="source"/> is hit, stale, miss, stale_if_error, unavailable, withheld or invalid.</summary>
    public void Lookup(string source) => lookups.Add(1, new KeyValuePair<string, object?>(CallCrmTelemetry.Attributes.ScreenPopSource, source));

    public void Dispose() => meter.Dispose();
}
