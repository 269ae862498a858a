namespace CallCrm.Connectors.Sync.Internal;

/// <summary>Where a batch came from, which decides what happens when the sink cannot take it.</summary>
internal enum SettleMode
{
    /// <summary>Read by a run: a spent budget stops the run; the source can be read again.</summary>
    Run,

    /// <summary>Pushed by a webhook: it cannot be read again, so any sink failure buffers it.</summary>
    Ingest,

    /// <summary>Read from the outbox: failures leave it there, in order.</summary>
    Drain,

    /// <summary>Replayed from dead letters: sent even if the ledger says it was dead-lettered with this content.</summary>
    Replay,
}
