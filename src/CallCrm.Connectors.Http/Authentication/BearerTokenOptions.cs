using CallCrm.Connectors.Security.Redaction;

namespace CallCrm.Connectors.Http.Authentication;

/// <summary>A static bearer token (for example a HubSpot private app token).</summary>
/// <remarks><see cref="ToString"/> never shows <see cref="Token"/>.</remarks>
public sealed class BearerTokenOptions
{
    /// <summary>Gets or sets the token sent as <c>Authorization: Bearer &lt;token&gt;</c>.</summary>
    /// <value>The default value is <see langword="null"/>; required. Binds from a configuration string.</value>
    public Secret? Token { get; set; }

    /// <inheritdoc />
    public override string ToString() => $"{nameof(BearerTokenOptions)} {{ {nameof(Token)} = {Redaction.Mask(Token)} }}";
}
