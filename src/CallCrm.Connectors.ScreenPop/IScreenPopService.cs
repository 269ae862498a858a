using System.Security.Claims;
using System.Threading;
using System.Threading.Tasks;
using CallCrm.Connectors.Errors;

namespace CallCrm.Connectors.ScreenPop;

/// <summary>Builds the customer card for an incoming call: normalizes the caller's number, reads the CRM through a shared cache,
/// filters the card down to what the asking agent's roles may see, and audits the read.</summary>
public interface IScreenPopService
{
    /// <summary>Gets the card for a caller's number, as the asking agent may see it.</summary>
    /// <param name="rawNumber">The caller's number as the call system sent it (any format, a <c>tel:</c>/<c>sip:</c> URI, a caller-ID
    /// string, or a withheld marker); <see langword="null"/> or empty for no number.</param>
    /// <param name="caller">The agent asking; the card holds only what the agent's roles may read.</param>
    /// <param name="cancellationToken">Stops waiting for the card. The CRM request itself is shared with other agents asking for the same
    /// number and goes on (bounded by <see cref="ScreenPopOptions.LookupTimeout"/>).</param>
    /// <returns>The card. A CRM outage is not an exception: it gives a stale card or an <see cref="ScreenPopCardKind.Unavailable"/> one.</returns>
    /// <exception cref="ConnectorException">The caller may not read customer profiles (code <see cref="ConnectorErrorCode.AccessDenied"/>;
    /// the denial is audited).</exception>
    ValueTask<ScreenPopCard> LookupAsync(string? rawNumber, ClaimsPrincipal caller, CancellationToken cancellationToken = default);

    /// <summary>Reads the card of a ringing call into the cache before an agent answers, so the answer shows it at once. Shows nothing
    /// to anyone, so nothing is audited; a failure is logged, never thrown.</summary>
    /// <param name="rawNumber">The caller's number as the call system sent it.</param>
    /// <param name="cancellationToken">Stops waiting; the CRM request goes on as for <see cref="LookupAsync"/>.</param>
    /// <returns><see langword="true"/> when a card for the number is now cached; <see langword="false"/> for a withheld or unreadable
    /// number or when the CRM could not be read.</returns>
    ValueTask<bool> PreloadAsync(string? rawNumber, CancellationToken cancellationToken = default);
}
