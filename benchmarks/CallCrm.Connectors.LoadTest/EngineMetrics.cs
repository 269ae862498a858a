using System.Diagnostics.Metrics;
using CallCrm.Connectors.Diagnostics;

namespace CallCrm.Connectors.LoadTest;

/// <summary>
/// Listens to the SDK's own instruments while our run lasts: the engine's batch durations (dispatch to commit) and
/// retries, and the HTTP pipeline's retries and rate-limit pauses. Nothing is added to the SDK for the benchmark.
/// </summary>
internal sealed class EngineMetrics : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly List<double> _batchSeconds = [];
    private long _engineRetries;
    private long _httpRetries;
    private long _pauses;

    public EngineMetrics()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name is CallCrmTelemetry.MeterNames.Sync or CallCrmTelemetry.MeterNames.Http
                && instrument.Name is "callcrm.sync.batch.duration" or "callcrm.sync.retries" or "callcrm.http.retries" or "callcrm.http.rate_limit.pauses")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>((instrument, value, _, _) =>
        {
            lock (_batchSeconds)
            {
                _batchSeconds.Add(value);
            }
        });
        _listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
        {
            switch (instrument.Name)
            {
                case "callcrm.sync.retries": Interlocked.Add(ref _engineRetries, value); break;
                case "callcrm.http.retries": Interlocked.Add(ref _httpRetries, value); break;
                default: Interlocked.Add(ref _pauses, value); break;
            }
        });
        _listener.Start();
    }

    public long EngineRetries => Interlocked.Read(ref _engineRetries);

    public long HttpRetries => Interlocked.Read(ref _httpRetries);

    public long RateLimitPauses => Interlocked.Read(ref _pauses);

    public int Batches
    {
        get
        {
            lock (_batchSeconds)
            {
                return _batchSeconds.Count;
            }
        }
    }

    /// <summary>The batch latency at a quantile (nearest rank), in milliseconds; 0 when no batch ran.</summary>
    public double BatchLatencyMs(double quantile)
    {
        lock (_batchSeconds)
        {
            if (_batchSeconds.Count == 0)
            {
                return 0;
            }

            var sorted = _batchSeconds.Order().ToArray();
            var rank = (int)Math.Ceiling(quantile * sorted.Length) - 1;
            return Math.Round(sorted[Math.Clamp(rank, 0, sorted.Length - 1)] * 1000, 1);
        }
    }

    public void Dispose() => _listener.Dispose();
}
