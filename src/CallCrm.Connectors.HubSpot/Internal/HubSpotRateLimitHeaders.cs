using System.Globalization;
using System.Linq;
using System.Net.Http.Headers;

namespace CallCrm.Connectors.HubSpot.Internal;

/// <summary>Reads HubSpot's own rate-limit header for the HTTP client (<c>ConnectorHttpClientOptions.RemainingRequestsReader</c>).</summary>
/// <remarks>HubSpot says how many requests are left (<c>X-HubSpot-RateLimit-Remaining</c>) but not when its window ends
/// (<c>-Interval-Milliseconds</c> is the window's length), so its count alone never pauses the client: the client-side window
/// already keeps under the limit, and pausing a whole interval whenever the count reaches zero would halve the usable rate. Its
/// per-second figures (<c>X-HubSpot-RateLimit-Secondly*</c>) are reported but, per HubSpot's usage guidelines, no longer
/// enforced: they are not read (a client paced at exactly the per-second figure sees 0 remaining every second).</remarks>
internal static class HubSpotRateLimitHeaders
{
    public const string RemainingHeaderName = "X-HubSpot-RateLimit-Remaining";

    public static long? Remaining(HttpResponseHeaders headers) =>
        headers.NonValidated.TryGetValues(RemainingHeaderName, out var values)
            && long.TryParse(values.FirstOrDefault()?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var remaining)
            ? remaining
            : null;
}
