using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using CallCrm.Connectors.Model;
using CallCrm.Connectors.Providers;

namespace CallCrm.Connectors.Testing;

/// <summary>What <see cref="CustomerSourceConformanceTests"/> needs to test an <see cref="ICustomerSource"/>.</summary>
public abstract class CustomerSourceHarness : ProviderHarness
{
    /// <summary>Gets the page size the kit asks the source for, small so that reads cross several pages.</summary>
    /// <value>The default value is 4. Raise it to the vendor's minimum page size if it has one.</value>
    public virtual int PageSize => 4;

    /// <summary>Creates the source under test, reading from this harness's backend.</summary>
    /// <param name="cancellationToken">Cancels the creation.</param>
    /// <returns>The source; the harness disposes what it created.</returns>
    public abstract ValueTask<ICustomerSource> CreateSourceAsync(CancellationToken cancellationToken = default);

    /// <summary>Stores customers in the backend, each last changed at its <see cref="CustomerProfile.ModifiedAt"/>
    /// (whole seconds, several customers often sharing one).</summary>
    /// <param name="customers">The customers, with names, e-mail addresses, phone numbers and tags.</param>
    /// <param name="cancellationToken">Cancels the seeding.</param>
    /// <returns>For each customer, in the same order, the <see cref="CustomerProfile.Id"/> the source will report.</returns>
    public abstract ValueTask<IReadOnlyList<string>> SeedAsync(IReadOnlyList<CustomerProfile> customers, CancellationToken cancellationToken = default);
}
