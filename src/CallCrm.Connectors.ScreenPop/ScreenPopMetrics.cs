using System;
using System.Collections.Generic;
using System.Diagnostics.Metrics;
using CallCrm.Connectors.Diagnostics;

namespace CallCrm.Connectors.ScreenPop;

/// <summary>The package's instruments, on the meter <see cref="CallCrmTelemetry.MeterNames.ScreenPop"/>.</summary>
internal sealed class ScreenPopMetrics : IDisposable
{
    private readonly Meter meter;
    private readonly bool ownsMeter;
    private readonly Counter<long> lookups;

    public ScreenPopMetrics(IMeterFactory? meterFactory)
    {
        // A factory shares one meter per name among its callers and disposes it itself; only a meter made here is ours to dispose.
        ownsMeter = meterFactory is null;
        var version = typeof(ScreenPopMetrics).Assembly.GetName().Version?.ToString(3);
        meter = meterFactory?.Create(CallCrmTelemetry.MeterNames.ScreenPop, version) ?? new Meter(CallCrmTelemetry.MeterNames.ScreenPop, version);
        lookups = meter.CreateCounter<long>("callcrm.screenpop.lookups", "{lookup}", "Screen-pop lookups, by how the card was served.");
    }

    /// <summary>Counts a lookup. <paramref name="source"/> is hit, stale, miss, stale_if_error, unavailable, withheld or invalid.</summary>
    public void Lookup(string source) => lookups.Add(1, new KeyValuePair<string, object?>(CallCrmTelemetry.Attributes.ScreenPopSource, source));

    public void Dispose()
    {
        if (ownsMeter)
        {
            meter.Dispose();
        }
    }
}
