using System;
using CallCrm.Connectors.Providers;

namespace CallCrm.Connectors.HubSpot;

/// <summary>What the HubSpot sinks can do, for the sync engine's planning.</summary>
/// <remarks>HubSpot's rate limits are not capabilities: the HubSpot HTTP client enforces <see cref="HubSpotRateLimits.For(HubSpotOptions)"/>,
/// the one place they are computed.</remarks>
public static class HubSpotCapabilities
{
    /// <summary>
    /// Concurrent requests the providers are planned for: HubSpot documents no concurrency limit, only rates, so a
    /// few parallel batches keep the pipe full without bursting through the 10-second window.
    /// </summary>
    public const int MaxConcurrency = 4;

    /// <summary>Gets the sink capabilities for <paramref name="options"/>.</summary>
    /// <param name="options">The provider's options.</param>
    /// <returns>Batches of up to <see cref="HubSpotOptions.MaxBatchSize"/> (HubSpot's batch APIs take 100), upsert by external id,
    /// <see cref="MaxConcurrency"/> writes in flight.</returns>
    public static SinkCapabilities For(HubSpotOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new SinkCapabilities
        {
            MaxBatchSize = options.MaxBatchSize,
            SupportsUpsertByExternalId = true,
            MaxConcurrency = MaxConcurrency,
        };
    }
}
