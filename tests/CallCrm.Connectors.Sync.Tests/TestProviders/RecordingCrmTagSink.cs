using System.Collections.Concurrent;
using CallCrm.Connectors.Errors;
using CallCrm.Connectors.Model;
using CallCrm.Connectors.Providers;

namespace CallCrm.Connectors.Sync.Tests.TestProviders;

/// <summary>A CRM's tag property in memory: holds the tag set written per customer and keeps every write.</summary>
internal sealed class RecordingCrmTagSink : ICrmTagSink
{
    public string Name => "memory-crm";

    public SinkCapabilities Capabilities { get; } = new() { MaxBatchSize = 100 };

    public ConcurrentDictionary<string, IReadOnlyList<CustomerTag>> Tags { get; } = new(StringComparer.Ordinal);

    public ConcurrentQueue<CustomerTagUpdate> Writes { get; } = new();

    public Func<CustomerTagUpdate, ConnectorError?>? Failure { get; set; }

    /// <summary>Called for each write the CRM takes (for example to report it back through the CRM's change feed, as a CRM does).</summary>
    public Action<CustomerTagUpdate>? OnWrite { get; set; }

    public ValueTask<IReadOnlyList<RecordOutcome>> WriteAsync(IReadOnlyList<CustomerTagUpdate> updates, CancellationToken cancellationToken = default)
    {
        var outcomes = new List<RecordOutcome>(updates.Count);
        foreach (var update in updates)
        {
            if (Failure?.Invoke(update) is { } error)
            {
                outcomes.Add(RecordOutcome.Failed(update.Key, error));
                continue;
            }

            Writes.Enqueue(update);
            Tags[update.CustomerId] = update.Tags;
            OnWrite?.Invoke(update);
            outcomes.Add(RecordOutcome.Written(update.Key));
        }

        return ValueTask.FromResult<IReadOnlyList<RecordOutcome>>(outcomes);
    }
}
