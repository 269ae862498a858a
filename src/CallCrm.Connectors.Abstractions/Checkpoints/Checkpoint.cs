namespace CallCrm.Connectors.Checkpoints;

/// <summary>Where an incremental read resumes: a <see cref="WatermarkCheckpoint"/> (timestamp plus tie-break id)
/// or a <see cref="CursorCheckpoint"/> (an opaque position the source gave, such as a change-log sequence or delta link).</summary>
/// <remarks>Checkpoints are values: two equal checkpoints mean the same position.</remarks>
public abstract record Checkpoint
{
    private protected Checkpoint()
    {
    }
}
