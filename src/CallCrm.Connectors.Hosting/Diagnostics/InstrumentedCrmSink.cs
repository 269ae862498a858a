using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using CallCrm.Connectors.Model;
using CallCrm.Connectors.Providers;

namespace CallCrm.Connectors.Hosting.Diagnostics;

/// <summary>Times each write (<c>callcrm.sink.duration</c>, a <c>callcrm.sink.write</c> span) and counts the records it refuses (<c>callcrm.sink.records.failed</c>).</summary>
internal sealed class InstrumentedCrmSink(ICrmSink inner, string stream, ConnectorMetrics metrics) : ICrmSink
{
    public string Name => inner.Name;

    public ProviderCapabilities Capabilities => inner.Capabilities;

    public ValueTask<IReadOnlyList<RecordOutcome>> WriteAsync(IReadOnlyList<CallRecord> batch, CancellationToken cancellationToken = default) =>
        metrics.MeasureWriteAsync(stream, inner, batch.Count, () => inner.WriteAsync(batch, cancellationToken));
}
