namespace CallCrm.Connectors.Sync;

/// <summary>What happened to a record pushed into a stream with <see cref="CallLogSync.IngestAsync"/>.</summary>
public enum IngestOutcome
{
    /// <summary>The sink confirmed the record.</summary>
    Written = 0,

    /// <summary>The sink already holds exactly this record; nothing was sent.</summary>
    Unchanged = 1,

    /// <summary>The sink is unavailable; the record waits durably in the outbox and is delivered when it recovers.</summary>
    Buffered = 2,

    /// <summary>The record failed permanently and is in dead letters.</summary>
    DeadLettered = 3,
}
