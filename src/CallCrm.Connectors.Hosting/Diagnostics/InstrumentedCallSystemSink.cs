using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using CallCrm.Connectors.Model;
using CallCrm.Connectors.Providers;

namespace CallCrm.Connectors.Hosting.Diagnostics;

/// <summary>Times each tag push (<c>callcrm.sink.duration</c>, a <c>callcrm.sink.write</c> span) and counts the records it refuses (<c>callcrm.sink.records.failed</c>).</summary>
internal sealed class InstrumentedCallSystemSink(ICallSystemSink inner, string stream, ConnectorMetrics metrics) : ICallSystemSink
{
    public string Name => inner.Name;

    public ProviderCapabilities Capabilities => inner.Capabilities;

    public ValueTask<IReadOnlyList<RecordOutcome>> PushTagsAsync(IReadOnlyList<CustomerTagUpdate> updates, CancellationToken cancellationToken = default) =>
        metrics.MeasureWriteAsync(stream, inner, updates.Count, () => inner.PushTagsAsync(updates, cancellationToken));
}
