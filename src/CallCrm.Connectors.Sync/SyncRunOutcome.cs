namespace CallCrm.Connectors.Sync;

/// <summary>How a run ended.</summary>
public enum SyncRunOutcome
{
    /// <summary>The run read everything there was and saved its checkpoint.</summary>
    Completed = 0,

    /// <summary>A vendor's daily or monthly API budget is spent: the run stopped early, saved its checkpoint and resumes at <see cref="SyncRunReport.ResumesAt"/>.</summary>
    BudgetExhausted = 1,

    /// <summary>A graceful stop was asked (<see cref="SyncRunOptions.StoppingToken"/>): the run read nothing more, wrote and committed
    /// every record it had already read, and saved its checkpoint. The next run goes on from there.</summary>
    Stopped = 2,

    /// <summary>A graceful stop was asked and <see cref="SyncOptions.DrainTimeout"/> ran out before the batches in flight were written:
    /// they were cancelled. The checkpoint stops before them, so the next run reads them again; nothing is lost.</summary>
    Interrupted = 3,
}
