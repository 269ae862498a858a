using System.Threading;
using System.Threading.Tasks;
using CallCrm.Connectors.Model;

namespace CallCrm.Connectors.Providers;

/// <summary>Finds the customers behind a phone number, with their recent history, for screen-pop.</summary>
public interface ICustomerLookup : IConnectorProvider
{
    /// <summary>Finds the customers whose phone numbers match <see cref="CustomerLookupRequest.PhoneNumberE164"/>.</summary>
    /// <param name="request">The number and how much history to include.</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    /// <returns>The matches; none for a new caller.</returns>
    ValueTask<CustomerLookupResult> FindByPhoneAsync(CustomerLookupRequest request, CancellationToken cancellationToken = default);
}
