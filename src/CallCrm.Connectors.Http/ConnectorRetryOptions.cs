using System;

namespace CallCrm.Connectors.Http;

/// <summary>How a connector HTTP client retries transient failures: a connection that was never made and a 429 for every
/// request; timeouts, dropped connections, HTTP 408 and 5xx only for idempotent ones (see
/// <see cref="ConnectorHttpRequestOptions.MarkAsIdempotent"/>).</summary>
public sealed class ConnectorRetryOptions
{
    /// <summary>Gets or sets how many times a failed attempt is retried.</summary>
    /// <value>The default value is 2 (at most 3 attempts per request). Zero turns retries off.</value>
    public int MaxRetryAttempts { get; set; } = 2;

    /// <summary>Gets or sets the first retry's delay; later ones grow exponentially.</summary>
    /// <value>The default value is 1 second.</value>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets or sets the longest delay between two attempts the client chooses itself.</summary>
    /// <value>The default value is 10 seconds.</value>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Gets or sets whether delays are spread randomly so that many clients do not retry in step.</summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool UseJitter { get; set; } = true;

    /// <summary>Gets or sets the longest <c>Retry-After</c> the client waits out within one request; a vendor that asks
    /// for longer, or for more than is left of <see cref="ConnectorHttpClientOptions.TotalRequestTimeout"/>, gets the
    /// failure back at once (with its <c>RetryAfter</c>) so the caller (the sync engine) can schedule the work rather
    /// than start a wait the total timeout would cut short.</summary>
    /// <value>The default value is 20 seconds.</value>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Gets or sets whether POST and PATCH requests are retried after failures where the vendor may have
    /// acted on them (5xx, timeouts, dropped connections). A 429 is always retried: the vendor refused the request
    /// unprocessed. Leave it off unless the vendor API is idempotent (for example with an idempotency key), or a
    /// retry may create a CRM activity twice.</summary>
    /// <value>The default value is <see langword="false"/>.</value>
    public bool RetryNonIdempotentRequests { get; set; }
}
