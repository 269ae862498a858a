using System.Collections.Concurrent;
using CallCrm.Connectors.Errors;
using CallCrm.Connectors.Model;
using CallCrm.Connectors.Providers;

namespace CallCrm.Connectors.Sync.Tests.TestProviders;

/// <summary>A call system in memory that holds the tag set pushed per customer and keeps every push.</summary>
internal sealed class RecordingCallSystemSink : ICallSystemSink
{
    public string Name => "memory-pbx";

    public SinkCapabilities Capabilities { get; } = new() { MaxBatchSize = 50, SupportsUpsertByExternalId = true };

    public ConcurrentDictionary<string, IReadOnlyList<CustomerTag>> Tags { get; } = new(StringComparer.Ordinal);

    public ConcurrentQueue<CustomerTagUpdate> Pushes { get; } = new();

    public Func<CustomerTagUpdate, ConnectorError?>? Failure { get; set; }

    /// <summary>Refuses a whole batch (as vendors that validate a batch as a unit do) when it returns an error.</summary>
    public Func<IReadOnlyList<CustomerTagUpdate>, ConnectorError?>? BatchFailure { get; set; }

    public bool Down { get; set; }

    public int Calls => _calls;

    private int _calls;

    public ValueTask<IReadOnlyList<RecordOutcome>> WriteAsync(IReadOnlyList<CustomerTagUpdate> updates, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _calls);
        if (Down)
        {
            throw new ConnectorException(new ConnectorError { Code = ConnectorErrorCode.ServiceUnavailable, IsTransient = true, HttpStatus = 503 });
        }

        if (BatchFailure?.Invoke(updates) is { } refused)
        {
            throw new ConnectorException(refused);
        }

        var outcomes = new List<RecordOutcome>(updates.Count);
        foreach (var update in updates)
        {
            if (Failure?.Invoke(update) is { } error)
            {
                outcomes.Add(RecordOutcome.Failed(update.Key, error));
                continue;
            }

            Pushes.Enqueue(update);
            Tags[update.CustomerId] = update.Tags;
            outcomes.Add(RecordOutcome.Written(update.Key));
        }

        return ValueTask.FromResult<IReadOnlyList<RecordOutcome>>(outcomes);
    }
}
