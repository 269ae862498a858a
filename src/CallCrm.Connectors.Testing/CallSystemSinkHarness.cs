using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using CallCrm.Connectors.Model;
using CallCrm.Connectors.Providers;

namespace CallCrm.Connectors.Testing;

/// <summary>What <see cref="CallSystemSinkConformanceTests"/> needs to test an <see cref="ICallSystemSink"/>.</summary>
public abstract class CallSystemSinkHarness : ProviderHarness
{
    /// <summary>Creates the sink under test, pushing to this harness's backend.</summary>
    /// <param name="cancellationToken">Cancels the creation.</param>
    /// <returns>The sink; the harness disposes what it created.</returns>
    public abstract ValueTask<ICallSystemSink> CreateSinkAsync(CancellationToken cancellationToken = default);

    /// <summary>Reads the tags the call system holds for a customer.</summary>
    /// <param name="customerId">The CRM's identifier of the customer (<see cref="CustomerTagUpdate.CustomerId"/>).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The tags held, as many times as the backend holds each; <see langword="null"/> when it holds nothing for the customer.</returns>
    public abstract ValueTask<IReadOnlyList<CustomerTag>?> GetTagsAsync(string customerId, CancellationToken cancellationToken = default);
}
