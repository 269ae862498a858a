using System;
using System.Threading;
using CallCrm.Connectors.Checkpoints;
using CallCrm.Connectors.Errors;

namespace CallCrm.Connectors.Sync.Internal;

/// <summary>What the reader, the dispatcher and the writers of one run share.</summary>
internal sealed class RunState(string runId, RunCounters counters, CheckpointTracker tracker, WatermarkCheckpoint? floor, IProgress<SyncProgress>? progress, CancellationTokenSource runCancellation)
{
    private readonly object _lock = new();

    public string RunId { get; } = runId;

    public RunCounters Counters { get; } = counters;

    public CheckpointTracker Tracker { get; } = tracker;

    /// <summary>Gets the stored watermark at the start: with look-back a run re-reads older records, and the checkpoint never moves back.</summary>
    public WatermarkCheckpoint? Floor { get; } = floor;

    public IProgress<SyncProgress>? Progress { get; } = progress;

    public CancellationToken Token => runCancellation.Token;

    public ConnectorError? Budget { get; private set; }

    public bool StopRequested { get; private set; }

    public Exception? Failure { get; private set; }

    public void BudgetExhausted(ConnectorError error, bool stopNow)
    {
        lock (_lock)
        {
            Budget ??= error;
            StopRequested |= stopNow;
        }
    }

    public void Fail(Exception exception)
    {
        lock (_lock)
        {
            Failure ??= exception;
            StopRequested = true;
        }

        // Stop the other writers: a failed commit means later checkpoints could not be trusted.
        runCancellation.Cancel();
    }
}
