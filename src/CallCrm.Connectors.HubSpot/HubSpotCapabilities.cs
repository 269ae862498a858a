using System;
using CallCrm.Connectors.Providers;

namespace CallCrm.Connectors.HubSpot;

/// <summary>What the HubSpot providers can do, for the sync engine's planning.</summary>
public static class HubSpotCapabilities
{
    /// <summary>
    /// Concurrent requests the providers are planned for: HubSpot documents no concurrency limit, only rates, so a
    /// few parallel batches keep the pipe full without bursting through the 10-second window.
    /// </summary>
    public const int MaxConcurrency = 4;

    /// <summary>Gets the capabilities for <paramref name="options"/>.</summary>
    /// <param name="options">The provider's options.</param>
    /// <returns>Batches of up to 100, upsert by external id, the tier's rate limit with its separate search limit.</returns>
    public static ProviderCapabilities For(HubSpotOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new ProviderCapabilities
        {
            MaxBatchSize = options.MaxBatchSize,
            SupportsUpsertByExternalId = true,
            SupportsChangeCursor = false,
            MaxConcurrency = MaxConcurrency,
            RateLimit = HubSpotRateLimits.For(options.Tier, options.SearchRequestsPerSecond, options.DailyLimit),
        };
    }
}
