namespace CallCrm.Connectors.Http.Authentication;

/// <summary>A static bearer token (for example a HubSpot private app token).</summary>
/// <remarks><see cref="ToString"/> never shows <see cref="Token"/>.</remarks>
public sealed class BearerTokenOptions
{
    /// <summary>Gets or sets the token sent as <c>Authorization: Bearer &lt;token&gt;</c>.</summary>
    /// <value>The default value is an empty string; required.</value>
    public string Token { get; set; } = string.Empty;

    /// <inheritdoc />
    public override string ToString() => $"{nameof(BearerTokenOptions)} {{ {nameof(Token)} = {Redaction.Mask(Token)} }}";
}
