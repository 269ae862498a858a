using System;
using System.Collections.Generic;
using CallCrm.Connectors.Security.Redaction;

namespace CallCrm.Connectors.Webhooks;

/// <summary>Options of one <see cref="WebhookCallSystemSink"/>: where the call system listens, the shared secret, and
/// how much to send at once. Named options (the sink's name); validated when the host starts.</summary>
/// <remarks>Bind from configuration (section <c>CallCrm:Webhooks:&lt;name&gt;</c> by convention); <see cref="Secret"/>
/// and <see cref="PreviousSecret"/> bind from plain strings. <see cref="ToString"/> never shows a secret, a header value
/// or the endpoint's path and query (webhook URLs often carry tokens).</remarks>
public sealed class WebhookSinkOptions
{
    /// <summary>The sink name used when none is given: <c>webhook</c>.</summary>
    public const string DefaultName = "webhook";

    /// <summary>Gets or sets the call system's receiving endpoint; every push is a <c>POST</c> to exactly this URI.</summary>
    /// <value>The default value is <see langword="null"/>; a value is required and must be an absolute <c>https</c> URI
    /// (or <c>http</c> to a loopback address when <see cref="AllowInsecureLoopback"/> is set).</value>
    public Uri? Endpoint { get; set; }

    /// <summary>Gets or sets the shared secret every push is signed with (HMAC-SHA256).</summary>
    /// <value>The default value is <see langword="null"/>; a secret of at least 16 characters is required.</value>
    public Secret? Secret { get; set; }

    /// <summary>Gets or sets the secret being rotated out. While it is set, every push carries a second <c>v1</c>
    /// signature made with it, so a receiver still checking only the old secret keeps accepting pushes until it is
    /// switched to <see cref="Secret"/>; then remove it.</summary>
    /// <value>The default value is <see langword="null"/>: one signature.</value>
    public Secret? PreviousSecret { get; set; }

    /// <summary>Gets or sets the call system's name as people know it (for example <c>Genesys Cloud</c>), used in
    /// friendly error messages.</summary>
    /// <value>The default value is <see langword="null"/>, which uses the sink's name.</value>
    public string? SystemName { get; set; }

    /// <summary>Gets or sets how many updates the engine hands the sink in one <c>WriteAsync</c> call
    /// (<see cref="Providers.SinkCapabilities.MaxBatchSize"/>). Each update is still its own request, sent in
    /// order: one event, one signature, one idempotency decision per request.</summary>
    /// <value>The default value is 10.</value>
    public int MaxBatchSize { get; set; } = 10;

    /// <summary>Gets or sets how long one push request may take before it counts as a timeout (transient).</summary>
    /// <value>The default value is 10 seconds.</value>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Gets or sets the webhook contract version to emit (see <see cref="WebhookContract"/>), for a receiver
    /// that does not yet understand the newest one.</summary>
    /// <value>The default value is <see cref="WebhookContract.CurrentVersion"/>.</value>
    public int ContractVersion { get; set; } = WebhookContract.CurrentVersion;

    /// <summary>Gets further headers sent with every push, for receivers that also want, say, an API key. The
    /// signature, event id, content and host headers are the sink's own and cannot be set here.</summary>
    /// <value>The default value is an empty dictionary.</value>
    public IDictionary<string, string> Headers { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Gets or sets whether plain <c>http</c> is allowed to a loopback address (tests, local simulators).
    /// Plain <c>http</c> anywhere else is always refused.</summary>
    /// <value>The default value is <see langword="false"/>.</value>
    public bool AllowInsecureLoopback { get; set; }

    /// <summary>Gets or sets whether the endpoint may resolve to a private or link-local address, for a call system
    /// on the company network. Leave it off for cloud call systems.</summary>
    /// <value>The default value is <see langword="false"/>.</value>
    public bool AllowPrivateNetworkAddresses { get; set; }

    /// <inheritdoc />
    public override string ToString() =>
        $"{nameof(WebhookSinkOptions)} {{ {nameof(Endpoint)} = {(Endpoint is { IsAbsoluteUri: true } uri ? uri.GetLeftPart(UriPartial.Authority) + "/…" : "(not set)")}, {nameof(SystemName)} = {SystemName}, {nameof(ContractVersion)} = {ContractVersion}, {nameof(Secret)} = {(Secret is null ? "(not set)" : "[secret]")} }}";
}
