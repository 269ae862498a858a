namespace CallCrm.Connectors.State;

/// <summary>Why a tag version was recorded.</summary>
public enum TagChangeKind
{
    /// <summary>Tag sync applied a change from the tags' owner.</summary>
    Sync = 0,

    /// <summary>A rollback restored an earlier version.</summary>
    Rollback = 1,

    /// <summary>The SDK observed the target's tags before it first changed them (the original backup).</summary>
    Baseline = 2,
}
