using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using CallCrm.Connectors.Model;
using CallCrm.Connectors.Providers;

namespace CallCrm.Connectors.Testing;

/// <summary>What <see cref="CustomerLookupConformanceTests"/> needs to test an <see cref="ICustomerLookup"/>.</summary>
public abstract class CustomerLookupHarness : ProviderHarness
{
    /// <summary>Creates the lookup under test, searching this harness's backend.</summary>
    /// <param name="cancellationToken">Cancels the creation.</param>
    /// <returns>The lookup; the harness disposes what it created.</returns>
    public abstract ValueTask<ICustomerLookup> CreateLookupAsync(CancellationToken cancellationToken = default);

    /// <summary>Stores customers in the backend with their phone numbers (written as <see cref="PhoneNumber.Raw"/>
    /// says; <see cref="PhoneNumber.E164"/> is what the kit looks up).</summary>
    /// <param name="customers">The customers; some share a number (a company's main line), some have several.</param>
    /// <param name="cancellationToken">Cancels the seeding.</param>
    /// <returns>For each customer, in the same order, the <see cref="CustomerProfile.Id"/> the lookup will report.</returns>
    public abstract ValueTask<IReadOnlyList<string>> SeedAsync(IReadOnlyList<CustomerProfile> customers, CancellationToken cancellationToken = default);
}
