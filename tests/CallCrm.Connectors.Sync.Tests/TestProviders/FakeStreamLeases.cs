using CallCrm.Connectors.State;

namespace CallCrm.Connectors.Sync.Tests.TestProviders;

/// <summary>Stream leases of a store shared with other instances, which the test can hold elsewhere or keep waiting.</summary>
internal sealed class FakeStreamLeases : IStreamLeaseProvider
{
    private readonly TaskCompletionSource _waiting = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _acquired;
    private int _released;
    private int _refused;
    private int _held;

    /// <summary>Gets the provider of the fencing tokens (over the test's store, which checks them on every commit).</summary>
    public required IStreamLeaseProvider Tokens { get; init; }

    /// <summary>Gets or sets whether another instance holds the lease (every attempt is refused).</summary>
    public bool HeldElsewhere { get; set; }

    /// <summary>Gets or sets whether an attempt waits until it is cancelled, as one blocked on a slow store would.</summary>
    public bool WaitUntilCancelled { get; init; }

    public int Acquired => Volatile.Read(ref _acquired);

    public int Released => Volatile.Read(ref _released);

    public int Refused => Volatile.Read(ref _refused);

    /// <summary>Gets whether a run holds the lease now.</summary>
    public bool HeldByRun => Volatile.Read(ref _held) == 1;

    public List<string> Streams { get; } = [];

    /// <summary>Gets a task that completes when an attempt waits (with <see cref="WaitUntilCancelled"/>).</summary>
    public Task Waiting => _waiting.Task;

    public async ValueTask<IStreamLease?> TryAcquireStreamLeaseAsync(string stream, CancellationToken cancellationToken = default)
    {
        lock (Streams)
        {
            Streams.Add(stream);
        }

        if (WaitUntilCancelled)
        {
            _waiting.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        if (HeldElsewhere)
        {
            Interlocked.Increment(ref _refused);
            return null;
        }

        Interlocked.Increment(ref _acquired);
        Volatile.Write(ref _held, 1);
        return new Lease(this, (await Tokens.TryAcquireStreamLeaseAsync(stream, cancellationToken))!);
    }

    private sealed class Lease(FakeStreamLeases owner, IStreamLease inner) : IStreamLease
    {
        public string Stream => inner.Stream;

        public long FencingToken => inner.FencingToken;

        public CancellationToken LeaseLost => inner.LeaseLost;

        public async ValueTask DisposeAsync()
        {
            await inner.DisposeAsync();
            Volatile.Write(ref owner._held, 0);
            Interlocked.Increment(ref owner._released);
        }
    }
}
