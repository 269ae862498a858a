namespace CallCrm.Connectors.Auditing;

/// <summary>What a <see cref="DataChange"/> did.</summary>
public enum DataChangeKind
{
    /// <summary>Not said.</summary>
    Unknown = 0,

    /// <summary>A call record was written to a CRM as a new activity.</summary>
    CallWritten = 1,

    /// <summary>A call record updated the CRM activity written for it before.</summary>
    CallUpdated = 2,

    /// <summary>A customer's tags were pushed to a call system.</summary>
    TagsPushed = 3,

    /// <summary>A customer's tags were rolled back to an earlier version.</summary>
    TagsRolledBack = 4,

    /// <summary>A dead letter was replayed (sent to its sink again).</summary>
    DeadLetterReplayed = 5,

    /// <summary>Dead letters were deleted without being delivered.</summary>
    DeadLetterPurged = 6,
}
