using System.Security.Claims;
using CallCrm.Connectors.Errors;
using CallCrm.Connectors.Model;

namespace CallCrm.Connectors.Security.Access;

/// <summary>Decides, deny by default, which customer data a caller may read, and filters data down to it.</summary>
/// <remarks>Every read API of the SDK (screen-pop lookup, exports, reports, the audit log) takes the caller's <see cref="ClaimsPrincipal"/>
/// and goes through this policy. An unauthenticated caller, or one without a role the policy knows, may read nothing.</remarks>
public interface ICustomerDataAccessPolicy
{
    /// <summary>Works out what a caller may read.</summary>
    /// <param name="principal">The caller.</param>
    /// <returns>The caller's access; <see cref="CustomerDataAccess.None"/> when the caller is not authenticated or has no known role.</returns>
    CustomerDataAccess Resolve(ClaimsPrincipal principal);

    /// <summary>Gets whether a caller may read a view.</summary>
    /// <param name="principal">The caller.</param>
    /// <param name="view">The view.</param>
    /// <returns><see langword="true"/> when one of the caller's roles grants the view.</returns>
    bool CanRead(ClaimsPrincipal principal, DataView view);

    /// <summary>Throws unless a caller may read a view.</summary>
    /// <param name="principal">The caller.</param>
    /// <param name="view">The view.</param>
    /// <returns>The caller's access, for the filtering that follows.</returns>
    /// <exception cref="ConnectorException">The caller may not read the view (code <see cref="ConnectorErrorCode.AccessDenied"/>).</exception>
    CustomerDataAccess EnsureCanRead(ClaimsPrincipal principal, DataView view);

    /// <summary>Returns a copy of a customer with only what the caller may see: hidden fields removed, masked fields masked, tags removed
    /// unless the caller may read <see cref="DataView.Tags"/>.</summary>
    /// <param name="principal">The caller.</param>
    /// <param name="profile">The customer as the CRM returned it.</param>
    /// <returns>A new, filtered instance.</returns>
    /// <exception cref="ConnectorException">The caller may not read <see cref="DataView.Profile"/> (code <see cref="ConnectorErrorCode.AccessDenied"/>).</exception>
    CustomerProfile Filter(ClaimsPrincipal principal, CustomerProfile profile);

    /// <summary>Returns a copy of a screen-pop match with only what the caller may see: the customer filtered as by
    /// <see cref="Filter(ClaimsPrincipal, CustomerProfile)"/>, tickets and calls removed unless the caller may read
    /// <see cref="DataView.Tickets"/> and <see cref="DataView.RecentCalls"/>, phone numbers and recordings of calls filtered by field access.</summary>
    /// <param name="principal">The caller.</param>
    /// <param name="match">The match as the CRM returned it.</param>
    /// <returns>A new, filtered instance.</returns>
    /// <exception cref="ConnectorException">The caller may not read <see cref="DataView.Profile"/> (code <see cref="ConnectorErrorCode.AccessDenied"/>).</exception>
    CustomerMatch Filter(ClaimsPrincipal principal, CustomerMatch match);

    /// <summary>Returns a copy of a lookup result with every match filtered as by <see cref="Filter(ClaimsPrincipal, CustomerMatch)"/>.</summary>
    /// <param name="principal">The caller.</param>
    /// <param name="result">The result as the CRM returned it.</param>
    /// <returns>A new, filtered instance.</returns>
    /// <exception cref="ConnectorException">The caller may not read <see cref="DataView.Profile"/> (code <see cref="ConnectorErrorCode.AccessDenied"/>).</exception>
    CustomerLookupResult Filter(ClaimsPrincipal principal, CustomerLookupResult result);
}
