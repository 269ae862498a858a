using System;
using System.Threading;
using System.Threading.Tasks;
using CallCrm.Connectors.Model;
using CallCrm.Connectors.Providers;

namespace CallCrm.Connectors.Testing.InMemory;

/// <summary>A reference <see cref="ICustomerLookup"/> over an <see cref="InMemoryCrm"/>: finds customers by E.164 number,
/// most recently active first, with their tickets and calls since the requested time; it passes the conformance kit.</summary>
public sealed class InMemoryCustomerLookup : ICustomerLookup
{
    private readonly InMemoryCrm crm;

    /// <summary>Initializes a new instance of the <see cref="InMemoryCustomerLookup"/> class.</summary>
    /// <param name="crm">The CRM to search.</param>
    /// <param name="name">The provider name.</param>
    public InMemoryCustomerLookup(InMemoryCrm crm, string name = "in-memory-lookup")
    {
        ArgumentNullException.ThrowIfNull(crm);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        this.crm = crm;
        Name = name;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public async ValueTask<CustomerLookupResult> FindByPhoneAsync(CustomerLookupRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentOutOfRangeException.ThrowIfLessThan(request.MaxCandidates, 1, nameof(request));
        cancellationToken.ThrowIfCancellationRequested();
        await Task.Yield();
        cancellationToken.ThrowIfCancellationRequested();
        crm.ThrowIfFaulted();
        return crm.FindByPhone(request);
    }
}
