using System;
using System.Threading;
using System.Threading.Tasks;
using CallCrm.Connectors.Checkpoints;
using CallCrm.Connectors.State;

namespace CallCrm.Connectors.Sync.Internal;

/// <summary>Commits a call-log stream's state: one commit at a time, each with the checkpoint its batch justifies.</summary>
/// <param name="store">The state store.</param>
/// <param name="outbox">The stream's outbox, told when a commit buffered records.</param>
/// <param name="commitLock">The lock every commit of the stream takes (shared with the outbox's state check).</param>
internal sealed class CallStateCommitter(IConnectorStateStore store, StreamOutbox outbox, SemaphoreSlim commitLock)
{
    private readonly IConnectorStateStore _store = store;
    private readonly StreamOutbox _outbox = outbox;
    private readonly SemaphoreSlim _commitLock = commitLock;

    /// <summary>Commits under the stream's commit lock; a run's batch commits with the highest checkpoint its slot justifies.</summary>
    public async Task CommitAsync(StateCommit commit, RunState? run, CheckpointTracker.Slot? slot, CancellationToken cancellationToken)
    {
        await _commitLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            Checkpoint? checkpoint = null;
            if (run is not null && slot is not null)
            {
                checkpoint = run.Tracker.Complete(slot);

                // With look-back the run re-reads records before the stored watermark; the checkpoint does not move back for
                // them, unless a record that is not final was found there: then it must go back to just before that record.
                if (checkpoint is WatermarkCheckpoint watermark && run.Floor is { } floor && watermark <= floor && !run.Tracker.IsHeld)
                {
                    checkpoint = null;
                }
            }

            if (checkpoint is null && commit.LedgerEntries.Count == 0 && commit.DeadLetters.Count == 0
                && commit.OutboxMessages.Count == 0 && commit.CompletedOutbox.Count == 0)
            {
                return;
            }

            await _store.CommitAsync(StreamFence.Apply(commit with { Checkpoint = checkpoint }), cancellationToken).ConfigureAwait(false);
            if (commit.OutboxMessages.Count > 0)
            {
                _outbox.MarkBuffered();
            }
        }
        catch
        {
            // What this commit held may not be durable: no later checkpoint of the run may be trusted.
            run?.Tracker.Poison();
            throw;
        }
        finally
        {
            _commitLock.Release();
        }
    }
}
