namespace CallCrm.Connectors.Contracts;

/// <summary>The contract versions this SDK reads and writes. Writers always emit the current version; readers accept
/// every version from the oldest supported one to the current one and upgrade older ones in memory.</summary>
/// <remarks>
/// A version changes when a payload's meaning or shape changes incompatibly (a field renamed, split or re-typed).
/// Adding an optional field does not change the version: readers ignore fields they do not know.
/// </remarks>
public static class ContractVersions
{
    /// <summary>The call-record version writers emit: <c>from</c>/<c>to</c> with raw and E.164 numbers, ISO-8601 <c>duration</c>.</summary>
    public const int CallRecordCurrent = 2;

    /// <summary>The oldest call-record version readers accept: a single raw <c>phone</c> and integer <c>durationSeconds</c>.</summary>
    public const int CallRecordOldest = 1;

    /// <summary>The checkpoint version writers emit.</summary>
    public const int CheckpointCurrent = 1;

    /// <summary>The customer-tag-update version writers emit.</summary>
    public const int CustomerTagUpdateCurrent = 1;

    /// <summary>The customer-tag-set version writers emit.</summary>
    public const int CustomerTagSetCurrent = 1;
}
