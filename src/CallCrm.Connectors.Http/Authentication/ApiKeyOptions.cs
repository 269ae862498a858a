using CallCrm.Connectors.Security.Redaction;

namespace CallCrm.Connectors.Http.Authentication;

/// <summary>An API key sent in a request header. Keys are never sent in the query string, where proxies and logs keep them.</summary>
/// <remarks><see cref="ToString"/> never shows <see cref="Key"/>.</remarks>
public sealed class ApiKeyOptions
{
    /// <summary>Gets or sets the header name.</summary>
    /// <value>The default value is <c>X-Api-Key</c>.</value>
    public string HeaderName { get; set; } = "X-Api-Key";

    /// <summary>Gets or sets the key.</summary>
    /// <value>The default value is <see langword="null"/>; required. Binds from a configuration string.</value>
    public Secret? Key { get; set; }

    /// <summary>Gets or sets text put before the key in the header value (for example <c>Token </c>).</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public string? Prefix { get; set; }

    /// <inheritdoc />
    public override string ToString() => $"{nameof(ApiKeyOptions)} {{ {nameof(HeaderName)} = {HeaderName}, {nameof(Key)} = {Redaction.Mask(Key)} }}";
}
