using System.Collections.Generic;
using System.Threading;
using CallCrm.Connectors.Model;
using CallCrm.Connectors.Providers;

namespace CallCrm.Connectors.Hosting.Diagnostics;

/// <summary>Counts what a customer source yields into <c>callcrm.records.read</c>; everything else passes through.</summary>
internal sealed class InstrumentedCustomerSource(ICustomerSource inner, string stream, ConnectorMetrics metrics) : ICustomerSource
{
    public string Name => inner.Name;

    public ProviderCapabilities Capabilities => inner.Capabilities;

    public IAsyncEnumerable<SourceItem<CustomerChange>> ReadChangesAsync(ReadRequest request, CancellationToken cancellationToken = default) =>
        metrics.CountReadsAsync(inner.ReadChangesAsync(request, cancellationToken), stream, inner.Name, cancellationToken);
}
