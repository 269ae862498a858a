using System.Collections.Concurrent;
using System.Diagnostics;
using CallCrm.Connectors.Hosting;
using CallCrm.Connectors.Model;
using CallCrm.Connectors.Providers;

namespace CallCrm.Connectors.Freshness;

/// <summary>Marks when each call's final version was first confirmed by the CRM (a sink decorator, so it sees every write of
/// the stream, pushed or pulled), against the moments the harness ended the calls in the simulator.</summary>
internal sealed class DeliveryClock : IStreamSinkDecorator
{
    private readonly ConcurrentDictionary<string, long> ended = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> order = new();
    private readonly ConcurrentDictionary<string, long> delivered = new(StringComparer.Ordinal);

    public int Delivered => delivered.Count;

    public void Ended(string key)
    {
        ended[key] = Stopwatch.GetTimestamp();
        order.Enqueue(key);
    }

    /// <summary>The freshness of each call ended so far: its delivery minus its end; null when not delivered yet.</summary>
    public List<TimeSpan?> Freshness() =>
        [.. order.Select(key => delivered.TryGetValue(key, out var at) ? Stopwatch.GetElapsedTime(ended[key], at) : (TimeSpan?)null)];

    public void Reset()
    {
        ended.Clear();
        delivered.Clear();
        order.Clear();
    }

    public IRecordSink<CallRecord> Decorate(string streamName, IRecordSink<CallRecord> sink) => new Timed(sink, delivered);

    public IRecordSink<CustomerTagUpdate> Decorate(string streamName, IRecordSink<CustomerTagUpdate> sink) => sink;

    private sealed class Timed(IRecordSink<CallRecord> inner, ConcurrentDictionary<string, long> delivered) : IRecordSink<CallRecord>
    {
        public string Name => inner.Name;

        public SinkCapabilities Capabilities => inner.Capabilities;

        public async ValueTask<IReadOnlyList<RecordOutcome>> WriteAsync(IReadOnlyList<CallRecord> batch, CancellationToken cancellationToken = default)
        {
            var outcomes = await inner.WriteAsync(batch, cancellationToken);
            var now = Stopwatch.GetTimestamp();
            var finals = batch.Where(r => r.IsFinal).Select(r => r.Key).ToHashSet(StringComparer.Ordinal);
            foreach (var outcome in outcomes)
            {
                if (finals.Contains(outcome.Key) && outcome.Kind is RecordOutcomeKind.Written or RecordOutcomeKind.Unchanged)
                {
                    delivered.TryAdd(outcome.Key, now);
                }
            }

            return outcomes;
        }
    }
}
