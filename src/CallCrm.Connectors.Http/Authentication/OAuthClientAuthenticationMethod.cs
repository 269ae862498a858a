namespace CallCrm.Connectors.Http.Authentication;

/// <summary>How the client proves its identity to the token endpoint (RFC 6749 section 2.3.1).</summary>
public enum OAuthClientAuthenticationMethod
{
    /// <summary>HTTP basic authentication with the client id and secret (<c>client_secret_basic</c>), which every
    /// server must support.</summary>
    ClientSecretBasic = 0,

    /// <summary>The client id and secret in the form body (<c>client_secret_post</c>).</summary>
    ClientSecretPost = 1,
}
