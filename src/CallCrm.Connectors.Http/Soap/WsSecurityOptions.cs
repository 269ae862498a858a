namespace CallCrm.Connectors.Http.Soap;

/// <summary>WS-Security UsernameToken credentials put in the header of every SOAP message.</summary>
/// <remarks><see cref="ToString"/> never shows <see cref="Password"/>.</remarks>
public sealed class WsSecurityOptions
{
    /// <summary>Gets or sets the user name.</summary>
    /// <value>The default value is an empty string; required.</value>
    public string UserName { get; set; } = string.Empty;

    /// <summary>Gets or sets the password.</summary>
    /// <value>The default value is an empty string; required.</value>
    public string Password { get; set; } = string.Empty;

    /// <summary>Gets or sets how the password is sent.</summary>
    /// <value>The default value is <see cref="UsernameTokenPasswordType.PasswordDigest"/>.</value>
    public UsernameTokenPasswordType PasswordType { get; set; } = UsernameTokenPasswordType.PasswordDigest;

    /// <inheritdoc />
    public override string ToString() =>
        $"{nameof(WsSecurityOptions)} {{ {nameof(UserName)} = {UserName}, {nameof(Password)} = {(string.IsNullOrEmpty(Password) ? "(not set)" : "***")}, {nameof(PasswordType)} = {PasswordType} }}";
}
