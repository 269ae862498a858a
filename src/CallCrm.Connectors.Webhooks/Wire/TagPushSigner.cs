using System;
using CallCrm.Connectors.Security.Redaction;
using CallCrm.Connectors.Security.Webhooks;
using Microsoft.Extensions.Options;

namespace CallCrm.Connectors.Webhooks.Wire;

/// <summary>Signs tag pushes with Security's <see cref="HmacWebhookSigner"/>: <c>t=&lt;unix&gt;,v1=&lt;hex&gt;</c> over
/// <c>"{t}.{body}"</c>, plus a second <c>v1</c> made with the previous secret while one is being rotated out.</summary>
internal sealed class TagPushSigner
{
    private readonly HmacWebhookSigner signer;
    private readonly HmacWebhookSigner? previous;
    private readonly TimeProvider timeProvider;

    public TagPushSigner(Secret secret, Secret? previousSecret, TimeProvider timeProvider)
    {
        signer = Create(secret, timeProvider);
        previous = previousSecret is null ? null : Create(previousSecret, timeProvider);
        this.timeProvider = timeProvider;
    }

    public string Sign(ReadOnlySpan<byte> body)
    {
        // One timestamp for both signatures: the header has a single t.
        var now = timeProvider.GetUtcNow();
        var header = signer.Sign(body, now);
        if (previous is null)
        {
            return header;
        }

        // The scheme's header is "t=<unix>,v1=<hex>"; a receiver accepts a header listing several v1 entries.
        var second = previous.Sign(body, now);
        return string.Concat(header, second.AsSpan(second.IndexOf(',', StringComparison.Ordinal)));
    }

    private static HmacWebhookSigner Create(Secret secret, TimeProvider timeProvider) =>
        new(Options.Create(new HmacWebhookOptions { SigningSecret = secret, HeaderName = WebhookContract.SignatureHeaderName }), timeProvider);
}
