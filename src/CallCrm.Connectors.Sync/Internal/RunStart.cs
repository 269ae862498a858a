using System;
using CallCrm.Connectors.Checkpoints;
using CallCrm.Connectors.Providers;

namespace CallCrm.Connectors.Sync.Internal;

/// <summary>What the run skeleton hands a stream's reading and delivery.</summary>
/// <param name="RunId">The run's identifier.</param>
/// <param name="Counters">The run's counters.</param>
/// <param name="Stored">The checkpoint stored when the run started (with look-back the checkpoint never moves back behind it).</param>
/// <param name="Request">What to read: from the stored checkpoint minus look-back up to the run's start.</param>
/// <param name="Progress">Receives a progress event after each committed batch, or <see langword="null"/>.</param>
/// <param name="Stop">The run's graceful and hard stop.</param>
internal sealed record RunStart(string RunId, RunCounters Counters, Checkpoint? Stored, ReadRequest Request, IProgress<SyncProgress>? Progress, RunStop Stop);
