using System.Collections.Generic;
using System.Threading;
using CallCrm.Connectors.Model;
using CallCrm.Connectors.Providers;

namespace CallCrm.Connectors.Hosting.Diagnostics;

/// <summary>Counts what a call source yields into <c>callcrm.records.read</c>; everything else passes through.</summary>
internal sealed class InstrumentedCallSource(ICallSource inner, string stream, ConnectorMetrics metrics) : ICallSource
{
    public string Name => inner.Name;

    public ProviderCapabilities Capabilities => inner.Capabilities;

    public IAsyncEnumerable<SourceItem<CallRecord>> ReadAsync(ReadRequest request, CancellationToken cancellationToken = default) =>
        metrics.CountReadsAsync(inner.ReadAsync(request, cancellationToken), stream, inner.Name, cancellationToken);
}
