using System;
using System.Threading;

namespace CallCrm.Connectors.Sync.Internal;

/// <summary>The two stop signals of one run: the graceful one (stop reading, finish what was read) and the hard one (cancel the writes
/// too), which fires when the caller cancels or when <see cref="SyncOptions.DrainTimeout"/> runs out after a graceful stop.</summary>
internal sealed class RunStop : IDisposable
{
    // CancellationTokenSource.CancelAfter takes at most this; anything longer is as good as no bound.
    private static readonly TimeSpan LongestGrace = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    private readonly CancellationToken _stopping;
    private readonly CancellationToken _caller;
    private readonly TimeSpan _drainTimeout;
    private readonly CancellationTokenSource _grace;
    private readonly CancellationTokenSource _hard;
    private readonly CancellationTokenRegistration _onStop;

    /// <param name="drainTimeout">How long the graceful stop may take before the writes are cancelled.</param>
    /// <param name="time">The engine's clock, which measures the grace.</param>
    /// <param name="stoppingToken">The graceful stop.</param>
    /// <param name="cancellationToken">The caller's hard stop.</param>
    public RunStop(TimeSpan drainTimeout, TimeProvider time, CancellationToken stoppingToken, CancellationToken cancellationToken)
    {
        _stopping = stoppingToken;
        _caller = cancellationToken;
        _drainTimeout = drainTimeout;
        _grace = new CancellationTokenSource(Timeout.InfiniteTimeSpan, time);
        _hard = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _grace.Token);

        // Registered last: it may run at once (a stop asked before the run began) and needs the fields above.
        _onStop = stoppingToken.Register(static state => ((RunStop)state!).StartGrace(), this);
    }

    /// <summary>Gets the graceful stop: reading must end, the records already read are still written.</summary>
    public CancellationToken StoppingToken => _stopping;

    /// <summary>Gets the hard stop: the caller cancelled, or the grace ran out.</summary>
    public CancellationToken Token => _hard.Token;

    /// <summary>Gets whether a graceful stop was asked.</summary>
    public bool StopRequested => _stopping.IsCancellationRequested;

    /// <summary>Gets whether the grace ran out (and the caller did not cancel): the run returns <see cref="SyncRunOutcome.Interrupted"/>.</summary>
    public bool GraceExpired => _grace.IsCancellationRequested && !_caller.IsCancellationRequested;

    /// <summary>Gets the grace, for the log.</summary>
    public TimeSpan DrainTimeout => _drainTimeout;

    /// <summary>The outcome of a run that ended without failing: stopped, interrupted, or what it would be without a stop.</summary>
    public SyncRunOutcome OutcomeOr(SyncRunOutcome outcome) =>
        GraceExpired ? SyncRunOutcome.Interrupted : StopRequested ? SyncRunOutcome.Stopped : outcome;

    /// <inheritdoc />
    public void Dispose()
    {
        // The registration first: disposing it waits for a callback in progress, which uses the grace source.
        _onStop.Dispose();
        _hard.Dispose();
        _grace.Dispose();
    }

    private void StartGrace()
    {
        if (_drainTimeout == Timeout.InfiniteTimeSpan || _drainTimeout > LongestGrace)
        {
            return;
        }

        _grace.CancelAfter(_drainTimeout);
    }
}
