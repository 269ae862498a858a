using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using CallCrm.Connectors.Diagnostics;
using CallCrm.Connectors.Sync.Health;
using NodaTime;

namespace CallCrm.Connectors.Sync.Diagnostics;

/// <summary>The engine's instruments, on the meter <see cref="CallCrmTelemetry.MeterNames.Sync"/>; one instance per engine.</summary>
/// <remarks>The gauges observe the engine's own state when they are collected: the circuit of every sink pipeline as it is now,
/// the outbox, dead letters and checkpoint as each stream last read them from the store (after every run and every health
/// read), with the outbox age and checkpoint lag measured against the engine's clock at collection time, so a stream that
/// stopped running shows a growing lag without anyone reading its health.</remarks>
internal sealed class SyncMetrics : IDisposable
{
    private readonly PackageMeter _meter;
    private readonly Func<IEnumerable<SyncStreamBase>> _streams;
    private readonly TimeProvider _time;
    private readonly Counter<long> _records;
    private readonly Counter<long> _read;
    private readonly Counter<long> _retries;
    private readonly Histogram<double> _batchDuration;
    private readonly Counter<long> _auditFailures;
    private readonly Counter<long> _runs;

    public SyncMetrics(IMeterFactory? meterFactory, Func<IEnumerable<SyncStreamBase>> streams, TimeProvider time)
    {
        _streams = streams;
        _time = time;
        _meter = new PackageMeter(CallCrmTelemetry.MeterNames.Sync, meterFactory);
        _records = _meter.Meter.CreateCounter<long>("callcrm.sync.records", "{record}", "Records settled by the sync engine, by callcrm.outcome.");
        _read = _meter.Meter.CreateCounter<long>("callcrm.sync.records.read", "{record}", "Records read from sources and handed to the engine's writers.");
        _retries = _meter.Meter.CreateCounter<long>("callcrm.sync.retries", "{attempt}", "Sink write attempts retried after a transient failure.");
        _batchDuration = _meter.Meter.CreateHistogram<double>("callcrm.sync.batch.duration", "s", "Time from dispatching a batch to committing its outcome.");
        _auditFailures = _meter.Meter.CreateCounter<long>("callcrm.sync.audit.failures", "{change}", "Committed changes the auditor failed to record.");
        _runs = _meter.Meter.CreateCounter<long>("callcrm.sync.runs", "{run}", "Sync runs ended, by callcrm.outcome.");
        _meter.Meter.CreateObservableGauge("callcrm.sync.circuit.state", ObserveCircuits, "{state}", "Sink circuit: 0 closed, 1 open, 2 half-open, 3 isolated.");
        _meter.Meter.CreateObservableGauge("callcrm.sync.outbox.depth", () => ObserveFacts(static (f, _) => f.OutboxDepth), "{record}", "Records waiting in the outbox for a sink.");
        _meter.Meter.CreateObservableGauge("callcrm.sync.outbox.age", () => ObserveFacts(static (f, now) => f.OldestEnqueuedAt is { } at ? Seconds(now - at) : 0d), "s", "How long the oldest outbox record has waited.");
        _meter.Meter.CreateObservableGauge("callcrm.sync.checkpoint.lag", ObserveLag, "s", "How far a stream's stored watermark trails the clock.");
        _meter.Meter.CreateObservableGauge("callcrm.sync.dead_letters", () => ObserveFacts(static (f, _) => f.DeadLetters), "{record}", "Dead letters held for a stream.");
    }

    public void Read(string stream) => _read.Add(1, Stream(stream));

    public void Settled(string stream, long written, long unchanged, long buffered, long deadLettered)
    {
        Add(stream, written, "written");
        Add(stream, unchanged, "unchanged");
        Add(stream, buffered, "buffered");
        Add(stream, deadLettered, "dead_lettered");
    }

    public void BatchCommitted(string stream, TimeSpan elapsed) => _batchDuration.Record(elapsed.TotalSeconds, Stream(stream));

    public void Retried(string stream, string sink, string errorType) =>
        _retries.Add(1, Stream(stream), new(CallCrmTelemetry.Attributes.Provider, sink), new(CallCrmTelemetry.Attributes.ErrorType, errorType));

    public void AuditFailed(string stream, int changes) => _auditFailures.Add(changes, Stream(stream));

    public void RunEnded(string stream, SyncRunOutcome outcome) => _runs.Add(1, Stream(stream), Outcome(OutcomeName(outcome)));

    public void RunFailed(string stream, string errorType) =>
        _runs.Add(1, Stream(stream), Outcome("failed"), new(CallCrmTelemetry.Attributes.ErrorType, errorType));

    public void Dispose() => _meter.Dispose();

    private static KeyValuePair<string, object?> Stream(string stream) => new(CallCrmTelemetry.Attributes.Stream, stream);

    private static KeyValuePair<string, object?> Outcome(string outcome) => new(CallCrmTelemetry.Attributes.Outcome, outcome);

    private static double Seconds(Duration duration) => Math.Max(0d, duration.TotalSeconds);

    private static string OutcomeName(SyncRunOutcome outcome) => outcome switch
    {
        SyncRunOutcome.Completed => "completed",
        SyncRunOutcome.BudgetExhausted => "budget_exhausted",
        SyncRunOutcome.Stopped => "stopped",
        SyncRunOutcome.Interrupted => "interrupted",
        _ => "unknown",
    };

    private void Add(string stream, long count, string outcome)
    {
        if (count > 0)
        {
            _records.Add(count, Stream(stream), Outcome(outcome));
        }
    }

    private IEnumerable<Measurement<int>> ObserveCircuits()
    {
        foreach (var stream in _streams())
        {
            foreach (var pipeline in stream.Pipelines)
            {
                yield return new Measurement<int>((int)pipeline.Circuit, Stream(stream.Name), new(CallCrmTelemetry.Attributes.Provider, pipeline.SinkName));
            }
        }
    }

    private IEnumerable<Measurement<T>> ObserveFacts<T>(Func<StreamStoreFacts, Instant, T> value)
        where T : struct
    {
        var now = Instant.FromDateTimeOffset(_time.GetUtcNow());
        foreach (var stream in _streams())
        {
            if (stream.StoreFacts is { } facts)
            {
                yield return new Measurement<T>(value(facts, now), Stream(stream.Name));
            }
        }
    }

    private IEnumerable<Measurement<double>> ObserveLag()
    {
        var now = Instant.FromDateTimeOffset(_time.GetUtcNow());
        foreach (var stream in _streams())
        {
            if (stream.StoreFacts is { Watermark: { } watermark })
            {
                yield return new Measurement<double>(Seconds(now - watermark), Stream(stream.Name));
            }
        }
    }
}
