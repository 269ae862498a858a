using CallCrm.Connectors.Checkpoints;
using NodaTime;

namespace CallCrm.Connectors.Providers;

/// <summary>What an incremental read asks a source for.</summary>
/// <param name="Since">Where to resume; <see langword="null"/> for the first read of a stream.</param>
/// <param name="Until">The newest time to read (exclusive), so that a run reads a stable window: the start time for a source
/// ordered by <see cref="SourceOrdering.StartTime"/>, the change time for one ordered by <see cref="SourceOrdering.ChangeTime"/>;
/// a source ordered by <see cref="SourceOrdering.ChangeCursor"/> ignores it. <see langword="null"/> for no bound.</param>
/// <param name="PageSize">The page size to ask the vendor for, or <see langword="null"/> for the provider's default.</param>
public sealed record ReadRequest(Checkpoint? Since, Instant? Until = null, int? PageSize = null);
