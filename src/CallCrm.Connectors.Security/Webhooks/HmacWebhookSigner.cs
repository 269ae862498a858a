using System;
using System.Text;
using Microsoft.Extensions.Options;

namespace CallCrm.Connectors.Security.Webhooks;

/// <summary>Signs outgoing webhook pushes with the generic HMAC-SHA256 scheme (<c>t=&lt;unix&gt;,v1=&lt;hex&gt;</c> over <c>"{t}.{body}"</c>).</summary>
public sealed class HmacWebhookSigner
{
    private readonly byte[] key;
    private readonly TimeProvider timeProvider;

    /// <summary>Initializes a new instance of the <see cref="HmacWebhookSigner"/> class.</summary>
    /// <param name="options">The signing secret and header name.</param>
    /// <param name="timeProvider">The clock the timestamp is taken from.</param>
    public HmacWebhookSigner(IOptions<HmacWebhookOptions> options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        var secret = options.Value.SigningSecret ?? throw new ArgumentException("HmacWebhookOptions.SigningSecret is not set.", nameof(options));
        key = secret.RevealUtf8();
        HeaderName = options.Value.HeaderName;
        this.timeProvider = timeProvider;
    }

    /// <summary>Gets the name of the header the signature goes in.</summary>
    public string HeaderName { get; }

    /// <summary>Signs a body now.</summary>
    /// <param name="body">The exact bytes that will be sent.</param>
    /// <returns>The header value, for example <c>t=1718000000,v1=5f2b…</c>.</returns>
    public string Sign(ReadOnlySpan<byte> body) => Sign(body, timeProvider.GetUtcNow());

    /// <summary>Signs a UTF-8 text body now.</summary>
    /// <param name="body">The text that will be sent, UTF-8 encoded.</param>
    /// <returns>The header value.</returns>
    public string Sign(string body)
    {
        ArgumentNullException.ThrowIfNull(body);
        return Sign(Encoding.UTF8.GetBytes(body));
    }

    /// <summary>Signs a body with a given timestamp (for tests and for re-sending with the original time).</summary>
    /// <param name="body">The exact bytes that will be sent.</param>
    /// <param name="timestamp">The time to sign.</param>
    /// <returns>The header value.</returns>
    public string Sign(ReadOnlySpan<byte> body, DateTimeOffset timestamp)
    {
        var seconds = timestamp.ToUnixTimeSeconds();
        return HmacWebhookSignature.Format(seconds, HmacWebhookSignature.Compute(key, seconds, body));
    }
}
