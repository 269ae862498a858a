namespace CallCrm.Connectors.Checkpoints;

/// <summary>An opaque position a source gave (a change-log sequence, a delta link, a stream token), stored exactly as given.</summary>
/// <param name="Cursor">The source's cursor.</param>
public sealed record CursorCheckpoint(string Cursor) : Checkpoint
{
    /// <inheritdoc />
    /// <remarks>Cursors can embed tokens; only their length is shown.</remarks>
    public override string ToString() => $"CursorCheckpoint {{ Length = {Cursor.Length} }}";
}
