using CallCrm.Connectors.State;
using CallCrm.Connectors.Storage.Sqlite;

namespace CallCrm.Connectors.Hosting.Tests;

/// <summary>A state store shared with "another instance": the wrapped store plus one stream lease that the test can hold in that
/// other instance's place. Counts what the host asks of the lease and signals each attempt and each release.</summary>
internal sealed class LeasedStateStore(IConnectorStateStore inner) : IConnectorStateStore, IStreamLeaseProvider
{
    private readonly SemaphoreSlim _lease = new(1, 1);
    private readonly SemaphoreSlim _attempts = new(0);
    private readonly SemaphoreSlim _releases = new(0);
    private int _acquired;
    private int _refused;
    private int _released;

    public ICheckpointStore Checkpoints => inner.Checkpoints;

    public IDeliveryLedger Ledger => inner.Ledger;

    public IOutboxStore Outbox => inner.Outbox;

    public IDeadLetterStore DeadLetters => inner.DeadLetters;

    public ITagHistoryStore TagHistory => inner.TagHistory;

    public IAuditLogStore AuditLog => inner.AuditLog;

    public int Acquired => Volatile.Read(ref _acquired);

    public int Refused => Volatile.Read(ref _refused);

    public int Released => Volatile.Read(ref _released);

    /// <summary>Takes the lease as another instance would; false when it is taken (by the host).</summary>
    public bool TryHoldElsewhere() => _lease.Wait(0);

    /// <summary>Lets go of a lease taken by <see cref="TryHoldElsewhere"/>.</summary>
    public void ReleaseElsewhere() => _lease.Release();

    /// <summary>Waits for the host's next attempt to take the lease (granted or refused).</summary>
    public Task<bool> WaitForAttemptAsync(TimeSpan timeout) => _attempts.WaitAsync(timeout);

    /// <summary>Waits for the host to release a lease it held.</summary>
    public Task<bool> WaitForReleaseAsync(TimeSpan timeout) => _releases.WaitAsync(timeout);

    public async ValueTask<IStreamLease?> TryAcquireStreamLeaseAsync(string stream, CancellationToken cancellationToken = default)
    {
        stream.Should().Be("calls");
        IStreamLease? lease = null;
        if (_lease.Wait(0, cancellationToken))
        {
            Interlocked.Increment(ref _acquired);

            // The wrapped store checks the fencing token of every commit made under the lease: take a real one from it.
            var tokens = new SqliteStreamLeaseProvider((SqliteStateStore)inner);
            lease = new Lease(this, stream, (await tokens.TryAcquireStreamLeaseAsync(stream, cancellationToken))!);
        }
        else
        {
            Interlocked.Increment(ref _refused);
        }

        _attempts.Release();
        return lease;
    }

    public ValueTask InitializeAsync(CancellationToken cancellationToken = default) => inner.InitializeAsync(cancellationToken);

    public ValueTask CommitAsync(StateCommit commit, CancellationToken cancellationToken = default) => inner.CommitAsync(commit, cancellationToken);

    // The container owns and disposes the wrapped store.
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private sealed class Lease(LeasedStateStore owner, string stream, IStreamLease token) : IStreamLease
    {
        private int _disposed;

        public string Stream => stream;

        public long FencingToken => token.FencingToken;

        public CancellationToken LeaseLost => token.LeaseLost;

        public async ValueTask DisposeAsync()
        {
            await token.DisposeAsync();
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                Interlocked.Increment(ref owner._released);
                owner._lease.Release();
                owner._releases.Release();
            }
        }
    }
}
