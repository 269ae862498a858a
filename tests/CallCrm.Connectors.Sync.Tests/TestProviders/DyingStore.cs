using CallCrm.Connectors.State;

namespace CallCrm.Connectors.Sync.Tests.TestProviders;

/// <summary>A store whose process "dies" on request: from then on nothing more is committed (every commit throws), as when the process
/// is killed between the sink's acknowledgement and the commit that records it.</summary>
internal sealed class DyingStore(IConnectorStateStore inner) : IConnectorStateStore
{
    public bool Dead { get; set; }

    public ICheckpointStore Checkpoints => inner.Checkpoints;

    public IDeliveryLedger Ledger => inner.Ledger;

    public IOutboxStore Outbox => inner.Outbox;

    public IDeadLetterStore DeadLetters => inner.DeadLetters;

    public ITagHistoryStore TagHistory => inner.TagHistory;

    public IAuditLogStore AuditLog => inner.AuditLog;

    public ValueTask InitializeAsync(CancellationToken cancellationToken = default) => inner.InitializeAsync(cancellationToken);

    public ValueTask CommitAsync(StateCommit commit, CancellationToken cancellationToken = default) =>
        Dead ? throw new InvalidOperationException("The process died before this commit.") : inner.CommitAsync(commit, cancellationToken);

    /// <summary>The inner store stays open: a restarted instance opens it again.</summary>
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
