namespace CallCrm.Connectors.Security.Audit;

/// <summary>Why an audit chain failed verification.</summary>
public enum AuditVerificationFailure
{
    /// <summary>No failure: the chain verified.</summary>
    None = 0,

    /// <summary>An entry's content or stored hash was changed: its hash does not match its content.</summary>
    HashMismatch = 1,

    /// <summary>An entry does not link to the entry before it: entries were inserted, reordered or replaced.</summary>
    BrokenLink = 2,

    /// <summary>A sequence number is missing: an entry was removed.</summary>
    MissingEntry = 3,

    /// <summary>An entry's content says it belongs at another position or time than where it is stored: it was moved or copied.</summary>
    Misplaced = 4,

    /// <summary>An entry's content cannot be read.</summary>
    Malformed = 5,

    /// <summary>The chain has entries but no seal.</summary>
    MissingSeal = 6,

    /// <summary>The seal does not verify with the configured key: the seal was forged (a rewritten chain), or the key is wrong.</summary>
    InvalidSeal = 7,

    /// <summary>Entries the seal covers are missing at the end: the chain was truncated.</summary>
    Truncated = 8,

    /// <summary>Entries follow the sealed head: appended behind the SDK's back, or written by a process that stopped before sealing.</summary>
    Unsealed = 9,

    /// <summary>The chain's head or entry count does not match the seal: the chain was rewritten.</summary>
    HeadMismatch = 10,
}
