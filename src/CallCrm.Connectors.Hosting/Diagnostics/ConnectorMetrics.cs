using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using CallCrm.Connectors.Providers;
using CallCrm.Connectors.Sync.Health;

namespace CallCrm.Connectors.Hosting.Diagnostics;

/// <summary>
/// The hosting package's instruments on the meter <c>CallCrm.Connectors</c>, next to the engine's <c>callcrm.sync.*</c>
/// (settled records by outcome, retries, batch duration, runs). Provider-level counts and sink latency are measured at
/// the provider boundary; outbox, checkpoint and dead-letter gauges observe the latest <see cref="ISyncHealth"/> snapshot.
/// </summary>
internal sealed class ConnectorMetrics : IDisposable
{
    private static readonly ActivitySource Activities = new(ConnectorTelemetry.ActivitySourceName);

    private readonly Meter _meter;
    private readonly Counter<long> _read;
    private readonly Counter<long> _written;
    private readonly Counter<long> _failed;
    private readonly Histogram<double> _sinkDuration;
    private volatile IReadOnlyList<StreamHealth> _health = [];

    public ConnectorMetrics(IMeterFactory? meterFactory)
    {
        _meter = meterFactory?.Create(ConnectorTelemetry.MeterName) ?? new Meter(ConnectorTelemetry.MeterName);
        _read = _meter.CreateCounter<long>("callcrm.records.read", "{record}", "Records read from sources.");
        _written = _meter.CreateCounter<long>("callcrm.records.written", "{record}", "Records a sink accepted (written or already up to date).");
        _failed = _meter.CreateCounter<long>("callcrm.records.failed", "{record}", "Records a sink refused or could not take, by error.type.");
        _sinkDuration = _meter.CreateHistogram<double>(
            "callcrm.sink.duration",
            "s",
            "Duration of one sink write call; calls that failed carry error.type, so the error rate is their share of the count.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10, 30] });
        _meter.CreateObservableGauge("callcrm.outbox.depth", () => Observe(h => h.OutboxDepth), "{record}", "Records waiting in the outbox for a sink.");
        _meter.CreateObservableGauge("callcrm.outbox.age", () => Observe(h => h.OutboxAge?.TotalSeconds ?? 0d), "s", "How long the oldest outbox record has waited.");
        _meter.CreateObservableGauge("callcrm.checkpoint.lag", () => ObserveLag(), "s", "How far a stream's stored watermark trails the clock.");
        _meter.CreateObservableGauge("callcrm.dead_letters", () => Observe(h => h.DeadLetters), "{record}", "Dead letters held for a stream.");
        _meter.CreateObservableGauge("callcrm.circuit.state", () => Observe(h => (int)h.Circuit), "{state}", "Sink circuit: 0 closed, 1 open, 2 half-open, 3 isolated.");
    }

    /// <summary>Replaces the snapshot the gauges report (after each run and each health check).</summary>
    public void UpdateHealth(IReadOnlyList<StreamHealth> health) => _health = health;

    /// <summary>Passes a source's items through, counting each into <c>callcrm.records.read</c>.</summary>
    public async IAsyncEnumerable<T> CountReadsAsync<T>(IAsyncEnumerable<T> items, string stream, string provider, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var item in items.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            _read.Add(1, new("callcrm.stream", stream), new("callcrm.provider", provider));
            yield return item;
        }
    }

    public async ValueTask<IReadOnlyList<RecordOutcome>> MeasureWriteAsync(string stream, IConnectorProvider sink, int count, Func<ValueTask<IReadOnlyList<RecordOutcome>>> write)
    {
        using var activity = Activities.StartActivity("callcrm.sink.write", ActivityKind.Client);
        activity?.SetTag("callcrm.stream", stream);
        activity?.SetTag("callcrm.provider", sink.Name);
        activity?.SetTag("callcrm.batch.size", count);
        var started = Stopwatch.GetTimestamp();
        string? errorType = null;
        try
        {
            var outcomes = await write().ConfigureAwait(false);
            long written = 0;
            foreach (var outcome in outcomes)
            {
                if (outcome.Kind is RecordOutcomeKind.TransientFailure or RecordOutcomeKind.PermanentFailure)
                {
                    _failed.Add(1, new("callcrm.stream", stream), new("callcrm.provider", sink.Name), new("error.type", outcome.Error?.Code.Value ?? "unknown"));
                }
                else
                {
                    written++;
                }
            }

            _written.Add(written, new("callcrm.stream", stream), new("callcrm.provider", sink.Name));
            return outcomes;
        }
        catch (Exception ex)
        {
            errorType = ex is Errors.ConnectorException connector ? connector.Code.Value : ex.GetType().FullName;
            _failed.Add(count, new("callcrm.stream", stream), new("callcrm.provider", sink.Name), new("error.type", errorType));
            activity?.SetStatus(ActivityStatusCode.Error, errorType);
            throw;
        }
        finally
        {
            // Duration is measured on the monotonic clock: it is telemetry, not a decision the tests drive.
            var tags = new TagList { { "callcrm.stream", stream }, { "callcrm.provider", sink.Name } };
            if (errorType is not null)
            {
                tags.Add("error.type", errorType);
            }

            _sinkDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, tags);
        }
    }

    public void Dispose() => _meter.Dispose();

    private IEnumerable<Measurement<T>> Observe<T>(Func<StreamHealth, T> value)
        where T : struct
    {
        foreach (var health in _health)
        {
            yield return new Measurement<T>(value(health), new KeyValuePair<string, object?>("callcrm.stream", health.Stream));
        }
    }

    private IEnumerable<Measurement<double>> ObserveLag()
    {
        foreach (var health in _health)
        {
            if (health.CheckpointLag is { } lag)
            {
                yield return new Measurement<double>(lag.TotalSeconds, new KeyValuePair<string, object?>("callcrm.stream", health.Stream));
            }
        }
    }
}
