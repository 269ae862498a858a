using System;
using CallCrm.Connectors.Errors;

namespace CallCrm.Connectors.Providers;

/// <summary>The outcome of writing one record.</summary>
/// <param name="Key">The record's key (<see cref="Model.CallRecord.Key"/> or <see cref="Model.CustomerTagUpdate.Key"/>).</param>
/// <param name="Kind">What happened.</param>
/// <param name="TargetId">The identifier the target gave the record, when written.</param>
/// <param name="Error">Why it failed, for failures.</param>
public sealed record RecordOutcome(string Key, RecordOutcomeKind Kind, string? TargetId = null, ConnectorError? Error = null)
{
    /// <summary>Creates a <see cref="RecordOutcomeKind.Written"/> outcome.</summary>
    /// <param name="key">The record's key.</param>
    /// <param name="targetId">The identifier the target gave the record.</param>
    /// <returns>The outcome.</returns>
    public static RecordOutcome Written(string key, string? targetId = null) => new(key, RecordOutcomeKind.Written, targetId);

    /// <summary>Creates an <see cref="RecordOutcomeKind.Unchanged"/> outcome.</summary>
    /// <param name="key">The record's key.</param>
    /// <param name="targetId">The identifier the target holds the record under.</param>
    /// <returns>The outcome.</returns>
    public static RecordOutcome Unchanged(string key, string? targetId = null) => new(key, RecordOutcomeKind.Unchanged, targetId);

    /// <summary>Creates a failure outcome, transient or permanent as <paramref name="error"/> says.</summary>
    /// <param name="key">The record's key.</param>
    /// <param name="error">Why the write failed.</param>
    /// <returns>The outcome.</returns>
    public static RecordOutcome Failed(string key, ConnectorError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return new(key, error.IsTransient ? RecordOutcomeKind.TransientFailure : RecordOutcomeKind.PermanentFailure, Error: error);
    }
}
