using System.Collections.Generic;
using System.Threading;
using CallCrm.Connectors.Model;

namespace CallCrm.Connectors.Providers;

/// <summary>Reads changes of customers and their tags from a CRM, incrementally from a checkpoint.</summary>
/// <remarks>Items are yielded in change order (modification time then id, or change-log order).</remarks>
public interface ICustomerSource : IConnectorProvider
{
    /// <summary>Reads the customer changes after <see cref="ReadRequest.Since"/>.</summary>
    /// <param name="request">Where to resume and how much to read.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The changes, each with the checkpoint just after it.</returns>
    IAsyncEnumerable<SourceItem<CustomerChange>> ReadChangesAsync(ReadRequest request, CancellationToken cancellationToken = default);
}
