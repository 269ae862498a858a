using System;
using System.Collections.Generic;
using CallCrm.Connectors.Security.Redaction;

namespace CallCrm.Connectors.Security.Webhooks;

/// <summary>Configures the generic HMAC-SHA256 webhook signature: header <c>t=&lt;unix seconds&gt;,v1=&lt;hex&gt;</c>, signed over
/// <c>"{t}.{body}"</c>. Bind from configuration (section <c>CallCrm:Security:Webhooks</c> by convention).</summary>
public sealed class HmacWebhookOptions
{
    /// <summary>The conventional header name.</summary>
    public const string DefaultHeaderName = "X-CallCrm-Signature";

    /// <summary>Gets or sets the shared secret pushes are signed with and checked against.</summary>
    /// <value>The default value is <see langword="null"/>; validation at start requires a secret of at least 16 characters.</value>
    public Secret? SigningSecret { get; set; }

    /// <summary>Gets secrets still accepted when checking (not used to sign), so that a secret can be rotated without refusing traffic.</summary>
    /// <value>The default value is empty.</value>
    public IList<Secret> PreviousSecrets { get; } = new List<Secret>();

    /// <summary>Gets or sets how far the signed timestamp may be from now, either way; also how long an event is remembered against replay.</summary>
    /// <value>The default value is 5 minutes.</value>
    public TimeSpan Tolerance { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Gets or sets the name of the header carrying the signature.</summary>
    /// <value>The default value is <see cref="DefaultHeaderName"/>.</value>
    public string HeaderName { get; set; } = DefaultHeaderName;
}
