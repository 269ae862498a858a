namespace CallCrm.Connectors.Security.Audit;

/// <summary>How an audited operation ended.</summary>
public enum AuditOutcome
{
    /// <summary>Not said.</summary>
    Unknown = 0,

    /// <summary>The operation succeeded.</summary>
    Succeeded = 1,

    /// <summary>The caller was not allowed to do it.</summary>
    Denied = 2,

    /// <summary>The operation was allowed but failed.</summary>
    Failed = 3,
}
