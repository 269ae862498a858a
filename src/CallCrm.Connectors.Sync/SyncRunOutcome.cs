namespace CallCrm.Connectors.Sync;

/// <summary>How a run ended.</summary>
public enum SyncRunOutcome
{
    /// <summary>The run read everything there was and saved its checkpoint.</summary>
    Completed = 0,

    /// <summary>A vendor's daily or monthly API budget is spent: the run stopped early, saved its checkpoint and resumes at <see cref="SyncRunReport.ResumesAt"/>.</summary>
    BudgetExhausted = 1,
}
