using CallCrm.Connectors.State;

namespace CallCrm.Connectors.Sync.Tests.Simulation;

/// <summary>One instance's stream leases (the product's, over the shared file), counting those it holds: a push's caller is answered
/// while the ingestion loop still holds the lease it settled under, so the scheduler waits until it is let go before the next step
/// (otherwise whether that step finds the lease free would depend on thread timing, and a seed would not give one trace).</summary>
internal sealed class SimLeases(IStreamLeaseProvider inner) : IStreamLeaseProvider
{
    private readonly object _lock = new();
    private int _held;
    private TaskCompletionSource _idle = Completed();

    public async ValueTask<IStreamLease?> TryAcquireStreamLeaseAsync(string stream, CancellationToken cancellationToken = default)
    {
        var lease = await inner.TryAcquireStreamLeaseAsync(stream, cancellationToken).ConfigureAwait(false);
        if (lease is null)
        {
            return null;
        }

        lock (_lock)
        {
            if (_held++ == 0)
            {
                _idle = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }

        return new Held(lease, this);
    }

    /// <summary>Returns a task that completes when the instance holds no lease.</summary>
    public Task WhenIdle()
    {
        lock (_lock)
        {
            return _idle.Task;
        }
    }

    private static TaskCompletionSource Completed()
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        done.SetResult();
        return done;
    }

    private void Released()
    {
        lock (_lock)
        {
            if (--_held == 0)
            {
                _idle.TrySetResult();
            }
        }
    }

    private sealed class Held(IStreamLease lease, SimLeases owner) : IStreamLease
    {
        private int _disposed;

        public string Stream => lease.Stream;

        public long FencingToken => lease.FencingToken;

        public CancellationToken LeaseLost => lease.LeaseLost;

        public async ValueTask DisposeAsync()
        {
            await lease.DisposeAsync().ConfigureAwait(false);
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.Released();
            }
        }
    }
}
