using CallCrm.Connectors.Model;
using CallCrm.Connectors.Providers;

namespace CallCrm.Connectors.Testing.Tests.InMemory;

/// <summary>A correct sink that accepts batches over its limit by splitting them, as a vendor client may.</summary>
internal sealed class SplittingSink<TRecord>(IRecordSink<TRecord> inner) : IRecordSink<TRecord>
    where TRecord : ISyncRecord
{
    public string Name => inner.Name;

    public SinkCapabilities Capabilities => inner.Capabilities;

    public async ValueTask<IReadOnlyList<RecordOutcome>> WriteAsync(IReadOnlyList<TRecord> batch, CancellationToken cancellationToken = default)
    {
        var outcomes = new List<RecordOutcome>(batch.Count);
        foreach (var chunk in batch.Chunk(Capabilities.MaxBatchSize))
        {
            outcomes.AddRange(await inner.WriteAsync(chunk, cancellationToken));
        }

        return outcomes;
    }
}
