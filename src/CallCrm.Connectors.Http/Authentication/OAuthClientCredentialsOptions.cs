using System;
using System.Collections.Generic;
using CallCrm.Connectors.Security.Redaction;

namespace CallCrm.Connectors.Http.Authentication;

/// <summary>OAuth 2.0 client credentials grant (RFC 6749 section 4.4) settings of one connector client.</summary>
/// <remarks><see cref="ToString"/> never shows <see cref="ClientSecret"/>; bind the secret from a secret store.</remarks>
public sealed class OAuthClientCredentialsOptions
{
    /// <summary>Gets or sets the token endpoint.</summary>
    /// <value>The default value is <see langword="null"/>; required, <c>https</c> (or loopback <c>http</c> when the
    /// client allows insecure loopback).</value>
    public Uri? TokenEndpoint { get; set; }

    /// <summary>Gets or sets the client identifier.</summary>
    /// <value>The default value is an empty string; required.</value>
    public string ClientId { get; set; } = string.Empty;

    /// <summary>Gets or sets the client secret. Never logged, never in exceptions or <see cref="ToString"/>.</summary>
    /// <value>The default value is <see langword="null"/>; required. Binds from a configuration string.</value>
    public Secret? ClientSecret { get; set; }

    /// <summary>Gets or sets the space-separated scopes to ask for.</summary>
    /// <value>The default value is <see langword="null"/> (the server's default scopes).</value>
    public string? Scope { get; set; }

    /// <summary>Gets the further form parameters some servers require (for example <c>audience</c> or <c>resource</c>).</summary>
    /// <value>The default value is an empty dictionary.</value>
    public IDictionary<string, string> AdditionalParameters { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Gets or sets how the client authenticates to the token endpoint.</summary>
    /// <value>The default value is <see cref="OAuthClientAuthenticationMethod.ClientSecretBasic"/>.</value>
    public OAuthClientAuthenticationMethod AuthenticationMethod { get; set; }

    /// <summary>Gets or sets how long before its expiry a token is replaced, to allow for clock skew and for the time a
    /// request takes to reach the vendor.</summary>
    /// <value>The default value is 60 seconds.</value>
    public TimeSpan RefreshMargin { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Gets or sets the lifetime assumed for a token whose answer has no <c>expires_in</c>.</summary>
    /// <value>The default value is 5 minutes.</value>
    public TimeSpan DefaultTokenLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <inheritdoc />
    public override string ToString() =>
        $"{nameof(OAuthClientCredentialsOptions)} {{ {nameof(TokenEndpoint)} = {UriText.Describe(TokenEndpoint)}, {nameof(ClientId)} = {ClientId}, {nameof(ClientSecret)} = {Redaction.Mask(ClientSecret)}, {nameof(Scope)} = {Scope} }}";
}
