using System;
using System.Net.Http;

namespace CallCrm.Connectors.Http.RateLimiting;

/// <summary>How a connector HTTP client keeps under the vendor's <see cref="CallCrm.Connectors.Providers.RateLimitPolicy"/>.</summary>
public sealed class ConnectorRateLimitOptions
{
    /// <summary>Gets or sets the time added to the vendor's window when counting our own requests. The client never
    /// sends more than the vendor's limit within any stretch of (window + margin), wherever the vendor's window
    /// boundaries fall; the margin absorbs the variation in how long requests take to reach the vendor.</summary>
    /// <value>The default value is <see langword="null"/>: 2% of the window, at least 20 ms and at most 1 second.</value>
    public TimeSpan? WindowSafetyMargin { get; set; }

    /// <summary>Gets or sets how many requests may wait for a permit; a request beyond that fails at once with
    /// <see cref="CallCrm.Connectors.Errors.ConnectorErrorCode.RateLimited"/> rather than queueing without bound.</summary>
    /// <value>The default value is 1000.</value>
    public int QueueLimit { get; set; } = 1000;

    /// <summary>Gets or sets which requests count against the vendor's search limit, besides those marked with
    /// <see cref="ConnectorHttpRequestOptions.MarkAsSearch"/>.</summary>
    /// <value>The default value is <see langword="null"/>: requests whose path has a <c>/search</c> segment.</value>
    public Func<HttpRequestMessage, bool>? IsSearchRequest { get; set; }

    /// <summary>Gets or sets whether the vendor's rate-limit headers and <c>Retry-After</c> pause the client.</summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool HonorRateLimitHeaders { get; set; } = true;

    /// <summary>Gets or sets the remaining count at or below which the client pauses until the vendor's window
    /// resets (when the vendor says when); other users of the same API key are why this can be reached.</summary>
    /// <value>The default value is 0.</value>
    public int MinimumRemaining { get; set; }

    /// <summary>Gets or sets the pause after a 429 that says neither <c>Retry-After</c> nor when the window resets.</summary>
    /// <value>The default value is 1 second.</value>
    public TimeSpan DefaultPause { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets or sets the longest pause a vendor header can impose, so that a wrong header cannot stop the client for hours.</summary>
    /// <value>The default value is 10 minutes.</value>
    public TimeSpan MaxPause { get; set; } = TimeSpan.FromMinutes(10);

    internal TimeSpan MarginFor(TimeSpan window) =>
        WindowSafetyMargin ?? TimeSpan.FromTicks(Math.Clamp(window.Ticks / 50, TimeSpan.FromMilliseconds(20).Ticks, TimeSpan.TicksPerSecond));
}
