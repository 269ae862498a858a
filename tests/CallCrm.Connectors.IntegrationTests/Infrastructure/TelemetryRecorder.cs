using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using CallCrm.Connectors.Diagnostics;

namespace CallCrm.Connectors.IntegrationTests.Infrastructure;

/// <summary>Listens to the whole process: notes the name of every meter and activity source that appears, and subscribes, by the
/// documented names only (<see cref="CallCrmTelemetry"/>), to measurements and spans, as a user following the README would.</summary>
internal sealed class TelemetryRecorder : IDisposable
{
    private readonly MeterListener _meters = new();
    private readonly ActivityListener _activities;

    public TelemetryRecorder()
    {
        _meters.InstrumentPublished = (instrument, listener) =>
        {
            MeterNames.TryAdd(instrument.Meter.Name, 0);
            if (CallCrmTelemetry.MeterNames.All.Contains(instrument.Meter.Name))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _meters.SetMeasurementEventCallback<long>((instrument, _, _, _) => Measured.TryAdd(instrument.Name, 0));
        _meters.SetMeasurementEventCallback<int>((instrument, _, _, _) => Measured.TryAdd(instrument.Name, 0));
        _meters.SetMeasurementEventCallback<double>((instrument, _, _, _) => Measured.TryAdd(instrument.Name, 0));
        _meters.Start();
        _activities = new ActivityListener
        {
            ShouldListenTo = source =>
            {
                ActivitySourceNames.TryAdd(source.Name, 0);
                return CallCrmTelemetry.ActivitySourceNames.All.Contains(source.Name);
            },
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity => Spans.TryAdd(activity.OperationName, 0),
        };
        ActivitySource.AddActivityListener(_activities);
    }

    /// <summary>Gets the names of every meter that published an instrument in the process.</summary>
    public ConcurrentDictionary<string, byte> MeterNames { get; } = new(StringComparer.Ordinal);

    /// <summary>Gets the names of every activity source in the process.</summary>
    public ConcurrentDictionary<string, byte> ActivitySourceNames { get; } = new(StringComparer.Ordinal);

    /// <summary>Gets the instruments of the documented meters that reported a measurement.</summary>
    public ConcurrentDictionary<string, byte> Measured { get; } = new(StringComparer.Ordinal);

    /// <summary>Gets the names of the spans the documented sources ended.</summary>
    public ConcurrentDictionary<string, byte> Spans { get; } = new(StringComparer.Ordinal);

    /// <summary>Collects the observable instruments (gauges) once.</summary>
    public void RecordObservableInstruments() => _meters.RecordObservableInstruments();

    public void Dispose()
    {
        _meters.Dispose();
        _activities.Dispose();
    }
}
