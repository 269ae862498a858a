using System.Threading.Tasks;
using CallCrm.Connectors.Checkpoints;
using CallCrm.Connectors.Model;
using CallCrm.Connectors.State;

namespace CallCrm.Connectors.Sync.Internal;

/// <summary>One call record on its way through the pipeline, with where it came from.</summary>
/// <param name="Record">The record as read or pushed.</param>
/// <param name="Position">The source position just after it (run reads only).</param>
/// <param name="HoldsCheckpoint">Whether the checkpoint must stop before it: a record that is not final, from a source ordered by start time (see <see cref="Providers.SourceOrdering"/>).</param>
/// <param name="Outbox">The outbox entry and revision it was read from (drains only); settling it completes that revision only.</param>
/// <param name="Completion">Completed when a pushed record is settled (ingestion only).</param>
internal sealed record CallWork(
    CallRecord Record,
    Checkpoint? Position = null,
    bool HoldsCheckpoint = false,
    OutboxCompletion? Outbox = null,
    TaskCompletionSource<IngestOutcome>? Completion = null);
