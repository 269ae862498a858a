using CallCrm.Connectors.Security.Redaction;

namespace CallCrm.Connectors.Http.Authentication;

/// <summary>HTTP basic authentication (RFC 7617), for example Twilio's account SID and auth token.</summary>
/// <remarks><see cref="ToString"/> never shows <see cref="Password"/>.</remarks>
public sealed class BasicAuthenticationOptions
{
    /// <summary>Gets or sets the user name.</summary>
    /// <value>The default value is an empty string; required, without a colon.</value>
    public string UserName { get; set; } = string.Empty;

    /// <summary>Gets or sets the password.</summary>
    /// <value>The default value is <see langword="null"/>; required. Binds from a configuration string.</value>
    public Secret? Password { get; set; }

    /// <inheritdoc />
    public override string ToString() => $"{nameof(BasicAuthenticationOptions)} {{ {nameof(UserName)} = {UserName}, {nameof(Password)} = {Redaction.Mask(Password)} }}";
}
