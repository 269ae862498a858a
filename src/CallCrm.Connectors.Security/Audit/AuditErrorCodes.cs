using CallCrm.Connectors.Errors;

namespace CallCrm.Connectors.Security.Audit;

/// <summary>Error codes of the audit log, beyond <see cref="ConnectorErrorCode"/>'s own.</summary>
public static class AuditErrorCodes
{
    /// <summary>The audit chain or its seal does not verify: the log was altered, or the configured sealing key is not the one it was
    /// sealed with. The SDK stops appending rather than seal over the damage.</summary>
    public static readonly ConnectorErrorCode ChainInvalid = new("AUDIT_CHAIN_INVALID");
}
