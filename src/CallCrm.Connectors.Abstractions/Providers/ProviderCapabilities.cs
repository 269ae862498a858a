using System;

namespace CallCrm.Connectors.Providers;

/// <summary>What a provider can do, declared so the engine adapts without knowing the vendor.</summary>
public sealed record ProviderCapabilities
{
    /// <summary>Gets the largest batch the vendor accepts in one write.</summary>
    /// <value>The default is 1.</value>
    public int MaxBatchSize { get; init; } = 1;

    /// <summary>Gets whether a write with an external id updates the existing record instead of creating another.</summary>
    public bool SupportsUpsertByExternalId { get; init; }

    /// <summary>Gets whether the source reads from an opaque change cursor rather than a timestamp watermark.</summary>
    public bool SupportsChangeCursor { get; init; }

    /// <summary>Gets how many writes the engine may have in flight at once against this provider.</summary>
    /// <value>The default is 1.</value>
    public int MaxConcurrency { get; init; } = 1;

    /// <summary>Gets the vendor's rate limits, or <see langword="null"/> when it publishes none.</summary>
    public RateLimitPolicy? RateLimit { get; init; }

    /// <summary>Gets the longest one request to the vendor may take, the provider's own retries and waits included (for
    /// a provider over a connector HTTP client, that client's <c>TotalRequestTimeout</c>).</summary>
    /// <remarks>The sync engine refuses, when the stream is created, a stream whose
    /// <c>SyncOptions.Resilience.AttemptTimeout</c> is not longer: an engine attempt that ends while the provider still
    /// retries or waits out a vendor's <c>Retry-After</c> wastes the request and hides the vendor's answer.</remarks>
    /// <value>The default value is <see langword="null"/>: unknown, not checked.</value>
    public TimeSpan? RequestTimeout { get; init; }
}
