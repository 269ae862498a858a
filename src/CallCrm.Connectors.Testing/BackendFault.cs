namespace CallCrm.Connectors.Testing;

/// <summary>A failure a conformance harness makes its vendor backend produce, so the kit can check how the provider reports it.</summary>
public enum BackendFault
{
    /// <summary>The backend works normally.</summary>
    None = 0,

    /// <summary>Every request is answered with a server error (HTTP 503 or another 5xx) until the fault is cleared; nothing is applied.</summary>
    ServiceUnavailable = 1,

    /// <summary>The backend cannot be reached: connections are refused or dropped before an answer.</summary>
    Unreachable = 2,

    /// <summary>The backend refuses the provider's credentials (HTTP 401).</summary>
    /// <remarks>A harness may implement this on the backend or by giving the next provider it creates wrong credentials:
    /// the kit always sets this fault before it creates the provider under test.</remarks>
    CredentialsRejected = 3,
}
