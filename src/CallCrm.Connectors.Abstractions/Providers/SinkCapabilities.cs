using System;

namespace CallCrm.Connectors.Providers;

/// <summary>What a sink declares about itself, so the engine adapts to the vendor without knowing it; the engine reads every property.</summary>
/// <remarks>
/// <para>The engine, not the sink, splits work into batches of at most <see cref="MaxBatchSize"/>, keeps one (the newest)
/// record per key in a batch, and finds the bad records of a batch the vendor refuses as a whole by bisection. A sink
/// therefore writes what it is given as one request where the vendor allows it.</para>
/// <para>Rate limits are not declared here: the HTTP client the provider sends through enforces them
/// (<c>ConnectorHttpClientOptions.RateLimit</c>), the one place that sees every request of the account.</para>
/// </remarks>
public sealed record SinkCapabilities
{
    /// <summary>Gets the largest batch the vendor accepts in one write; the engine never passes a larger one.</summary>
    /// <value>The default is 1.</value>
    public int MaxBatchSize { get; init; } = 1;

    /// <summary>Gets how many writes the engine may have in flight at once against this sink.</summary>
    /// <value>The default is 1.</value>
    public int MaxConcurrency { get; init; } = 1;

    /// <summary>Gets whether a write with an external id (<see cref="Model.ISyncRecord.Key"/>) updates the existing record
    /// instead of creating another. Without it, the engine records a send as pending before it sends, so that a crash
    /// between send and answer is recognised (see <c>SyncOptions.UncertainDelivery</c>).</summary>
    public bool SupportsUpsertByExternalId { get; init; }

    /// <summary>Gets the longest one write to the vendor may take, the provider's own retries and waits included (for
    /// a provider over a connector HTTP client, that client's <c>TotalRequestTimeout</c>).</summary>
    /// <remarks>The sync engine refuses, when the stream is created, a stream whose
    /// <c>SyncOptions.Resilience.AttemptTimeout</c> is not longer: an engine attempt that ends while the provider still
    /// retries or waits out a vendor's <c>Retry-After</c> wastes the request and hides the vendor's answer.</remarks>
    /// <value>The default value is <see langword="null"/>: unknown, not checked.</value>
    public TimeSpan? RequestTimeout { get; init; }
}
