using System;

namespace CallCrm.Connectors.Errors;

/// <summary>A stable, machine-readable error code. Codes never change meaning once shipped; new ones may be added.</summary>
/// <param name="Value">The code, in upper snake case (for example <c>CRM_UNREACHABLE</c>).</param>
public readonly record struct ConnectorErrorCode(string Value)
{
    /// <summary>The remote system could not be reached (DNS failure, refused or reset connection).</summary>
    public static readonly ConnectorErrorCode Unreachable = new("UNREACHABLE");

    /// <summary>The remote system did not answer in time.</summary>
    public static readonly ConnectorErrorCode Timeout = new("TIMEOUT");

    /// <summary>A secure (TLS) connection could not be set up.</summary>
    public static readonly ConnectorErrorCode TlsFailure = new("TLS_FAILURE");

    /// <summary>The credentials were refused (HTTP 401).</summary>
    public static readonly ConnectorErrorCode AuthenticationFailed = new("AUTHENTICATION_FAILED");

    /// <summary>The credentials are valid but lack a permission (HTTP 403).</summary>
    public static readonly ConnectorErrorCode PermissionDenied = new("PERMISSION_DENIED");

    /// <summary>The requested object does not exist (HTTP 404).</summary>
    public static readonly ConnectorErrorCode NotFound = new("NOT_FOUND");

    /// <summary>The write conflicts with the target's current state (HTTP 409).</summary>
    public static readonly ConnectorErrorCode Conflict = new("CONFLICT");

    /// <summary>The target refused the data as invalid (HTTP 400/422), usually with field errors.</summary>
    public static readonly ConnectorErrorCode ValidationFailed = new("VALIDATION_FAILED");

    /// <summary>The vendor's rate limit was hit (HTTP 429).</summary>
    public static readonly ConnectorErrorCode RateLimited = new("RATE_LIMITED");

    /// <summary>The vendor's daily or monthly API budget is spent.</summary>
    public static readonly ConnectorErrorCode BudgetExhausted = new("BUDGET_EXHAUSTED");

    /// <summary>The remote service failed or is unavailable (HTTP 5xx).</summary>
    public static readonly ConnectorErrorCode ServiceUnavailable = new("SERVICE_UNAVAILABLE");

    /// <summary>The remote system answered with something the SDK could not read.</summary>
    public static readonly ConnectorErrorCode MalformedResponse = new("MALFORMED_RESPONSE");

    /// <summary>A connection that is not HTTPS, or a link to another host, was refused.</summary>
    public static readonly ConnectorErrorCode InsecureTransport = new("INSECURE_TRANSPORT");

    /// <summary>A phone number in the data could not be understood.</summary>
    public static readonly ConnectorErrorCode InvalidPhoneNumber = new("INVALID_PHONE_NUMBER");

    /// <summary>A date or time in the data could not be understood.</summary>
    public static readonly ConnectorErrorCode InvalidDateTime = new("INVALID_DATE_TIME");

    /// <summary>A record could not be used as it is (a required field missing, a value out of range).</summary>
    public static readonly ConnectorErrorCode InvalidRecord = new("INVALID_RECORD");

    /// <summary>A stored or received payload has a contract version this SDK does not know.</summary>
    public static readonly ConnectorErrorCode UnsupportedContractVersion = new("UNSUPPORTED_CONTRACT_VERSION");

    /// <summary>This instance lost the stream's lease to another instance (its connection dropped or it paused too long): the state
    /// store refused its commit and nothing of it was stored. Not transient for the operation; the stream goes on under the new holder.</summary>
    public static readonly ConnectorErrorCode LeaseLost = new("LEASE_LOST");

    /// <summary>The SDK's configuration is not valid.</summary>
    public static readonly ConnectorErrorCode InvalidConfiguration = new("INVALID_CONFIGURATION");

    /// <summary>The caller's role may not see or do this.</summary>
    public static readonly ConnectorErrorCode AccessDenied = new("ACCESS_DENIED");

    /// <summary>Something failed that the SDK could not classify.</summary>
    public static readonly ConnectorErrorCode Unknown = new("UNKNOWN");

    /// <inheritdoc />
    public override string ToString() => Value ?? string.Empty;

    /// <summary>Gets whether the code is one of the values above or a provider's own.</summary>
    /// <param name="other">The code to compare.</param>
    /// <returns><see langword="true"/> when the codes are equal, ignoring case.</returns>
    public bool Is(ConnectorErrorCode other) => string.Equals(Value, other.Value, StringComparison.OrdinalIgnoreCase);
}
