namespace CallCrm.Connectors.Http.Soap;

/// <summary>How a WS-Security UsernameToken carries the password (OASIS Username Token Profile 1.1).</summary>
public enum UsernameTokenPasswordType
{
    /// <summary>The password as it is (<c>#PasswordText</c>); only ever over HTTPS.</summary>
    PasswordText = 0,

    /// <summary>Base64(SHA-1(nonce + created + password)) (<c>#PasswordDigest</c>), with a fresh nonce and creation time per message.</summary>
    PasswordDigest = 1,
}
