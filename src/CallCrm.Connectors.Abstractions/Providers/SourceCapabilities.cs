namespace CallCrm.Connectors.Providers;

/// <summary>What a source declares about itself; the sync engine reads every property.</summary>
/// <param name="Ordering">The order the source yields records in, and so what its watermark and
/// <see cref="ReadRequest.Until"/> bound.</param>
/// <remarks>A source's rate limits are not declared here: the HTTP client the provider sends through enforces them
/// (<c>ConnectorHttpClientOptions.RateLimit</c>), which is the one place that knows every request.</remarks>
public sealed record SourceCapabilities(SourceOrdering Ordering);
