using System;
using System.Threading;
using System.Threading.Tasks;
using CallCrm.Connectors.State;

namespace CallCrm.Connectors.Sync;

/// <summary>How a continuous loop of runs is driven (<see cref="SyncStreamBase.RunContinuouslyAsync(ContinuousRunOptions, CancellationToken)"/>):
/// the runs' options, the stream lease each run holds when several instances share the state store, and what the host hears.</summary>
/// <remarks>The callbacks run on the loop, between runs, and should be quick and not throw: a failure of <see cref="RunCompleted"/> or
/// <see cref="RunSkipped"/> counts as a failed run, one of <see cref="RunFailed"/> or <see cref="BetweenRunsAsync"/> ends the loop with
/// it (a cancellation of <see cref="BetweenRunsAsync"/> by the loop's token ends the loop quietly).</remarks>
public sealed class ContinuousRunOptions
{
    /// <summary>Gets the options of each run: progress and the graceful stop, which also ends the loop.</summary>
    /// <value>The default value is no progress and no graceful stop.</value>
    public SyncRunOptions Run { get; init; }

    /// <summary>Gets the leases that keep two instances sharing one state store from running the stream at once.</summary>
    /// <value>The default value is <see langword="null"/>: no lease is taken. Pass the state store when it implements
    /// <see cref="IStreamLeaseProvider"/> and several instances share it.</value>
    /// <remarks>Each run holds the stream's lease while it lasts and releases it afterwards, so other instances get their turn between
    /// runs; a run whose lease another instance holds is skipped (<see cref="RunSkipped"/>) until the next poll. The graceful stop ends
    /// a wait for the lease.</remarks>
    public IStreamLeaseProvider? Leases { get; init; }

    /// <summary>Gets the callback that receives each run's report (the last one says <see cref="SyncRunOutcome.Stopped"/> after a
    /// graceful stop).</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public Action<SyncRunReport>? RunCompleted { get; init; }

    /// <summary>Gets the callback that receives each failed run's exception; the loop goes on after the poll interval.</summary>
    /// <value>The default value is <see langword="null"/>: the stream logs the failure as an error.</value>
    /// <remarks>When set, the callback reports the failure instead of the stream's log; the failure is kept as the stream's last error
    /// either way.</remarks>
    public Action<Exception>? RunFailed { get; init; }

    /// <summary>Gets the callback told when a run was skipped because another instance holds the stream's lease.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public Action? RunSkipped { get; init; }

    /// <summary>Gets the work done after each run (completed, failed or skipped) and before the wait, unless the loop is stopping; for
    /// example a refresh of health gauges.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public Func<CancellationToken, ValueTask>? BetweenRunsAsync { get; init; }
}
