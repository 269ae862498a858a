using System.Collections.Concurrent;
using CallCrm.Connectors.State;
using NodaTime;

namespace CallCrm.Connectors.Security.Tests.Audit;

/// <summary>The real (SQLite) audit store, with the group commits it receives recorded, awaitable, and optionally held back, so a test
/// can see when the log's background writer commits without sleeping.</summary>
internal sealed class ObservedAuditLogStore(IAuditLogStore inner) : DelegatingAuditLogStore(inner)
{
    private readonly Lock gate = new();
    private readonly List<(int Count, TaskCompletionSource Done)> waiters = [];
    private TaskCompletionSource? held;
    private TaskCompletionSource entered = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Gets the size of every group commit, in order.</summary>
    public ConcurrentQueue<int> BatchSizes { get; } = new();

    /// <summary>Gets how many rows were committed through <see cref="AppendBatchAsync"/>.</summary>
    public int RowsCommitted => BatchSizes.Sum();

    /// <summary>Completes once a group commit has entered the store (use with <see cref="Hold"/>).</summary>
    public Task Entered => entered.Task;

    /// <summary>Makes group commits wait inside the store until <see cref="Release"/>.</summary>
    public void Hold()
    {
        held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    public void Release() => held?.TrySetResult();

    /// <summary>Completes when at least <paramref name="rows"/> rows have been committed; fails the test after 30 s (a hang guard, not
    /// a timing assumption).</summary>
    public Task RowsCommittedAsync(int rows)
    {
        lock (gate)
        {
            if (RowsCommitted >= rows)
            {
                return Task.CompletedTask;
            }

            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            waiters.Add((rows, done));
            return done.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }
    }

    /// <summary>Gets or sets how many of the next group commits fail, as a store that is down would.</summary>
    public int FailNext { get; set; }

    /// <summary>Gets how many group commits failed.</summary>
    public int Failures { get; private set; }

    public override async ValueTask AppendBatchAsync(IReadOnlyList<AuditLogRow> rows, string name, string value, CancellationToken cancellationToken = default)
    {
        entered.TrySetResult();
        if (FailNext > 0)
        {
            FailNext--;
            Failures++;
            throw new IOException("The audit store is down (test).");
        }

        if (held is { } hold)
        {
            await hold.Task.WaitAsync(cancellationToken);
        }

        await Inner.AppendBatchAsync(rows, name, value, cancellationToken);
        lock (gate)
        {
            BatchSizes.Enqueue(rows.Count);
            var total = RowsCommitted;
            foreach (var waiter in waiters.Where(w => w.Count <= total).ToList())
            {
                waiters.Remove(waiter);
                waiter.Done.TrySetResult();
            }
        }
    }
}
