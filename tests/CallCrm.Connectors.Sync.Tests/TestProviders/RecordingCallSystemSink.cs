using System.Collections.Concurrent;
using CallCrm.Connectors.Errors;
using CallCrm.Connectors.Model;
using CallCrm.Connectors.Providers;

namespace CallCrm.Connectors.Sync.Tests.TestProviders;

/// <summary>A call system in memory that holds the tag set pushed per customer and keeps every push.</summary>
internal sealed class RecordingCallSystemSink : ICallSystemSink
{
    public string Name => "memory-pbx";

    public ProviderCapabilities Capabilities { get; } = new() { MaxBatchSize = 50, SupportsUpsertByExternalId = true };

    public ConcurrentDictionary<string, IReadOnlyList<CustomerTag>> Tags { get; } = new(StringComparer.Ordinal);

    public ConcurrentQueue<CustomerTagUpdate> Pushes { get; } = new();

    public Func<CustomerTagUpdate, ConnectorError?>? Failure { get; set; }

    public ValueTask<IReadOnlyList<RecordOutcome>> PushTagsAsync(IReadOnlyList<CustomerTagUpdate> updates, CancellationToken cancellationToken = default)
    {
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
