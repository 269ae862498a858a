namespace CallCrm.Connectors.Sync;

/// <summary>A progress event of a run, reported after each committed batch.</summary>
/// <param name="Stream">The stream.</param>
/// <param name="RunId">The run.</param>
/// <param name="Read">Records read so far.</param>
/// <param name="Written">Records written so far.</param>
/// <param name="Unchanged">Records skipped as unchanged so far.</param>
/// <param name="Buffered">Records buffered in the outbox so far.</param>
/// <param name="DeadLettered">Records dead-lettered so far.</param>
public sealed record SyncProgress(string Stream, string RunId, long Read, long Written, long Unchanged, long Buffered, long DeadLettered);
