using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using CallCrm.Connectors.Model;
using CallCrm.Connectors.Providers;

namespace CallCrm.Connectors.Hosting.Diagnostics;

/// <summary>Times each write of any record kind (<c>callcrm.sink.duration</c>, a <c>callcrm.sink.write</c> span) and counts the
/// records it refuses (<c>callcrm.sink.records.failed</c>).</summary>
/// <typeparam name="TRecord">The record kind the sink writes.</typeparam>
internal sealed class InstrumentedSink<TRecord>(IRecordSink<TRecord> inner, string stream, ConnectorMetrics metrics) : IRecordSink<TRecord>
    where TRecord : ISyncRecord
{
    public string Name => inner.Name;

    public SinkCapabilities Capabilities => inner.Capabilities;

    public ValueTask<IReadOnlyList<RecordOutcome>> WriteAsync(IReadOnlyList<TRecord> batch, CancellationToken cancellationToken = default) =>
        metrics.MeasureWriteAsync(stream, inner, batch.Count, () => inner.WriteAsync(batch, cancellationToken));
}
