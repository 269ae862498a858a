using System.Collections.Generic;

namespace CallCrm.Connectors.Sync.DeadLetters;

/// <summary>What a replay of dead letters did.</summary>
/// <param name="Replayed">The dead letters that were delivered (or buffered in the outbox) and removed.</param>
/// <param name="StillFailing">The dead letters that failed again and were kept.</param>
/// <param name="NotFound">The identifiers that matched no dead letter or no stream.</param>
public sealed record DeadLetterReplayResult(IReadOnlyList<long> Replayed, IReadOnlyList<long> StillFailing, IReadOnlyList<long> NotFound);
