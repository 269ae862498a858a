using CallCrm.Connectors.State;

namespace CallCrm.Connectors.Sync.Tests.TestProviders;

/// <summary>A state store that hands everything to another one; test stores derive from it to intercept commits.</summary>
internal abstract class DelegatingStateStore(IConnectorStateStore inner) : IConnectorStateStore
{
    protected IConnectorStateStore Inner { get; } = inner;

    public ICheckpointStore Checkpoints => Inner.Checkpoints;

    public IDeliveryLedger Ledger => Inner.Ledger;

    public IOutboxStore Outbox => Inner.Outbox;

    public IDeadLetterStore DeadLetters => Inner.DeadLetters;

    public ITagHistoryStore TagHistory => Inner.TagHistory;

    public IAuditLogStore AuditLog => Inner.AuditLog;

    public ValueTask InitializeAsync(CancellationToken cancellationToken = default) => Inner.InitializeAsync(cancellationToken);

    public virtual ValueTask CommitAsync(StateCommit commit, CancellationToken cancellationToken = default) => Inner.CommitAsync(commit, cancellationToken);

    public virtual ValueTask DisposeAsync() => Inner.DisposeAsync();
}
