using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using CallCrm.Connectors.Model;

namespace CallCrm.Connectors.Providers;

/// <summary>Writes customers' tag sets into a CRM, so that tags the call side owns (call outcomes) show there too.</summary>
/// <remarks>Each update carries the customer's whole tag set, which replaces the CRM's; a repeated write is harmless.
/// Outcomes come back one per update, in order; an unknown customer is a permanent failure of that update alone.</remarks>
public interface ICrmTagSink : IConnectorProvider
{
    /// <summary>Writes a batch of tag sets.</summary>
    /// <param name="updates">The updates; <see cref="CustomerTagUpdate.CustomerId"/> is the CRM's customer id.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>One outcome per update, in batch order, keyed by <see cref="CustomerTagUpdate.Key"/>.</returns>
    ValueTask<IReadOnlyList<RecordOutcome>> WriteTagsAsync(IReadOnlyList<CustomerTagUpdate> updates, CancellationToken cancellationToken = default);
}
