using CallCrm.Connectors.Security.Redaction;

namespace CallCrm.Connectors.Http.Soap;

/// <summary>WS-Security UsernameToken credentials put in the header of every SOAP message.</summary>
/// <remarks><see cref="ToString"/> never shows <see cref="Password"/>.</remarks>
public sealed class WsSecurityOptions
{
    /// <summary>Gets or sets the user name.</summary>
    /// <value>The default value is an empty string; required.</value>
    public string UserName { get; set; } = string.Empty;

    /// <summary>Gets or sets the password.</summary>
    /// <value>The default value is <see langword="null"/>; required. Binds from a configuration string.</value>
    public Secret? Password { get; set; }

    /// <summary>Gets or sets how the password is sent.</summary>
    /// <value>The default value is <see cref="UsernameTokenPasswordType.PasswordDigest"/>.</value>
    public UsernameTokenPasswordType PasswordType { get; set; } = UsernameTokenPasswordType.PasswordDigest;

    /// <inheritdoc />
    public override string ToString() =>
        $"{nameof(WsSecurityOptions)} {{ {nameof(UserName)} = {UserName}, {nameof(Password)} = {(Password is null || Password.IsEmpty ? "(not set)" : "***")}, {nameof(PasswordType)} = {PasswordType} }}";
}
