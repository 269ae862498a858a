using System;
using CallCrm.Connectors.Providers;

namespace CallCrm.Connectors.HubSpot;

/// <summary>HubSpot's documented API limits for private apps and OAuth apps installed in one account.</summary>
public static class HubSpotRateLimits
{
    /// <summary>The rolling window of the burst limit.</summary>
    public static readonly TimeSpan BurstWindow = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The search API's default client-side limit: 4 requests per second. HubSpot's current docs say 5 per second per
    /// account (a 2020 changelog said 4); 4 leaves room for another integration and for clock skew.
    /// </summary>
    public const int DefaultSearchRequestsPerSecond = 4;

    /// <summary>Gets the burst limit (requests per rolling 10 seconds) of <paramref name="tier"/>.</summary>
    /// <param name="tier">The account's tier.</param>
    /// <returns>100, 190 or 250.</returns>
    public static int BurstLimit(HubSpotAccountTier tier) => tier switch
    {
        HubSpotAccountTier.FreeOrStarter => 100,
        HubSpotAccountTier.Professional or HubSpotAccountTier.Enterprise => 190,
        HubSpotAccountTier.ApiLimitIncrease => 250,
        _ => throw new ArgumentOutOfRangeException(nameof(tier), tier, "Unknown HubSpot account tier."),
    };

    /// <summary>
    /// Builds the rate-limit policy of an account: the tier's burst limit per rolling 10 seconds, a separate search
    /// limit per second, and the daily budget if known. The 10-second budget may be spent in a burst, as HubSpot's
    /// rolling window allows; its per-second headers are reported by HubSpot but not enforced, so no per-second window
    /// (<see cref="RateLimitPolicy.Secondary"/>) is added.
    /// </summary>
    /// <param name="tier">The account's tier.</param>
    /// <param name="searchRequestsPerSecond">The search limit per second.</param>
    /// <param name="dailyLimit">The account's daily request limit, or <see langword="null"/> not to budget the day.</param>
    /// <returns>The policy the HTTP client's limiter enforces.</returns>
    public static RateLimitPolicy For(HubSpotAccountTier tier, int searchRequestsPerSecond = DefaultSearchRequestsPerSecond, long? dailyLimit = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(searchRequestsPerSecond, 1);
        return new RateLimitPolicy(BurstLimit(tier), BurstWindow)
        {
            Search = new RateLimitPolicy(searchRequestsPerSecond, TimeSpan.FromSeconds(1)),
            DailyBudget = dailyLimit,
        };
    }

    /// <summary>Builds the rate-limit policy of the account <paramref name="options"/> describe: the one computation the HubSpot
    /// HTTP client's limiter uses (<see cref="HubSpotOptions.Tier"/>, <see cref="HubSpotOptions.SearchRequestsPerSecond"/>,
    /// <see cref="HubSpotOptions.DailyLimit"/>).</summary>
    /// <param name="options">The provider's options.</param>
    /// <returns>The policy the HTTP client's limiter enforces.</returns>
    public static RateLimitPolicy For(HubSpotOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return For(options.Tier, options.SearchRequestsPerSecond, options.DailyLimit);
    }
}
