using CallCrm.Connectors.State;

namespace CallCrm.Connectors.Sync.Tests.Simulation;

/// <summary>One instance's handle on the shared SQLite store: a crash failpoint before each commit, and nothing committed once the
/// instance has crashed.</summary>
internal sealed class SimStore(IConnectorStateStore inner, SimWorld world, SimInstance instance) : IConnectorStateStore
{
    public ICheckpointStore Checkpoints => inner.Checkpoints;

    public IDeliveryLedger Ledger => inner.Ledger;

    public IOutboxStore Outbox => inner.Outbox;

    public IDeadLetterStore DeadLetters => inner.DeadLetters;

    public ITagHistoryStore TagHistory => inner.TagHistory;

    public IAuditLogStore AuditLog => inner.AuditLog;

    public ValueTask InitializeAsync(CancellationToken cancellationToken = default) => inner.InitializeAsync(cancellationToken);

    public async ValueTask CommitAsync(StateCommit commit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(commit);
        if (instance.Crashed || world.Crash(instance, "before-commit"))
        {
            world.CrashNow(instance, "before-commit");
        }

        await inner.CommitAsync(commit, cancellationToken).ConfigureAwait(false);
        world.Crm.Committed(commit.LedgerEntries);
        instance.PausedSinceCommit = false;
    }

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
