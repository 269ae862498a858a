using System.Collections.Concurrent;
using CallCrm.Connectors.Errors;
using CallCrm.Connectors.Model;
using CallCrm.Connectors.Providers;

namespace CallCrm.Connectors.Sync.Tests.TestProviders;

/// <summary>A CRM in memory that keeps what it was sent, counts writes per key and can fail on demand.</summary>
internal sealed class RecordingCrmSink : ICrmSink
{
    private int _calls;

    public string Name => "memory-crm";

    public SinkCapabilities Capabilities { get; init; } = new() { MaxBatchSize = 100, MaxConcurrency = 4, SupportsUpsertByExternalId = true };

    public ConcurrentDictionary<string, CallRecord> Held { get; } = new(StringComparer.Ordinal);

    public ConcurrentDictionary<string, int> Writes { get; } = new(StringComparer.Ordinal);

    public ConcurrentQueue<string> Order { get; } = new();

    /// <summary>Gets how many records arrived for a key the sink already held (a duplicate for a sink without upsert).</summary>
    public int Repeats => Writes.Values.Sum(w => w - 1);

    public int Calls => Volatile.Read(ref _calls);

    public volatile bool Down;

    /// <summary>Per-record failure, or null for success.</summary>
    public Func<CallRecord, ConnectorError?>? RecordFailure { get; set; }

    /// <summary>The sink's own answer for a record (for example "unchanged"), or null to store it as written.</summary>
    public Func<CallRecord, RecordOutcome?>? Answer { get; set; }

    /// <summary>Called at the start of every write call.</summary>
    public Func<IReadOnlyList<CallRecord>, CancellationToken, ValueTask>? BeforeWrite { get; set; }

    /// <summary>Called after the sink has stored the records, before the call returns.</summary>
    public Action<IReadOnlyList<CallRecord>>? AfterWrite { get; set; }

    public async ValueTask<IReadOnlyList<RecordOutcome>> WriteAsync(IReadOnlyList<CallRecord> batch, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _calls);
        batch.Count.Should().BeLessThanOrEqualTo(Capabilities.MaxBatchSize);
        if (BeforeWrite is { } before)
        {
            await before(batch, cancellationToken);
        }

        if (Down)
        {
            throw new ConnectorException(new ConnectorError { Code = ConnectorErrorCode.ServiceUnavailable, IsTransient = true, SystemName = Name, HttpStatus = 503 });
        }

        var outcomes = new List<RecordOutcome>(batch.Count);
        foreach (var record in batch)
        {
            if (Answer?.Invoke(record) is { } answer)
            {
                outcomes.Add(answer);
                continue;
            }

            if (RecordFailure?.Invoke(record) is { } error)
            {
                outcomes.Add(RecordOutcome.Failed(record.Key, error));
                continue;
            }

            Held[record.Key] = record;
            Writes.AddOrUpdate(record.Key, 1, static (_, n) => n + 1);
            Order.Enqueue(record.Key);
            outcomes.Add(RecordOutcome.Written(record.Key, "crm-" + record.SourceId));
        }

        AfterWrite?.Invoke(batch);
        return outcomes;
    }
}
