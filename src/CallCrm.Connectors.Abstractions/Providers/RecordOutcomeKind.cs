namespace CallCrm.Connectors.Providers;

/// <summary>What happened to one record a sink was asked to write.</summary>
public enum RecordOutcomeKind
{
    /// <summary>The record was created or updated.</summary>
    Written = 0,

    /// <summary>The target already held exactly this record; nothing was changed.</summary>
    Unchanged = 1,

    /// <summary>The write failed for a reason that may pass (throttling, a timeout, a 5xx); it will be retried.</summary>
    TransientFailure = 2,

    /// <summary>The write failed for a reason that will not pass by retrying (validation, a 4xx); the record goes to dead letters.</summary>
    PermanentFailure = 3,
}
