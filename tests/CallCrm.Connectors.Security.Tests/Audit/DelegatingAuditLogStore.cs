using CallCrm.Connectors.State;
using NodaTime;

namespace CallCrm.Connectors.Security.Tests.Audit;

/// <summary>An audit store that passes every call to a real one; test stores override the calls they observe or disturb.</summary>
internal abstract class DelegatingAuditLogStore(IAuditLogStore inner) : IAuditLogStore
{
    protected IAuditLogStore Inner { get; } = inner;

    public virtual ValueTask AppendBatchAsync(IReadOnlyList<AuditLogRow> rows, string name, string value, CancellationToken cancellationToken = default) =>
        Inner.AppendBatchAsync(rows, name, value, cancellationToken);

    public virtual ValueTask AppendAsync(AuditLogRow row, CancellationToken cancellationToken = default) => Inner.AppendAsync(row, cancellationToken);

    public virtual ValueTask<AuditLogRow?> GetLastAsync(CancellationToken cancellationToken = default) => Inner.GetLastAsync(cancellationToken);

    public virtual IAsyncEnumerable<AuditLogRow> ReadAsync(long fromSequence = 0, CancellationToken cancellationToken = default) =>
        Inner.ReadAsync(fromSequence, cancellationToken);

    public virtual ValueTask<int> DeleteRecordedBeforeAsync(Instant recordedBefore, CancellationToken cancellationToken = default) =>
        Inner.DeleteRecordedBeforeAsync(recordedBefore, cancellationToken);

    public virtual ValueTask<string?> GetValueAsync(string name, CancellationToken cancellationToken = default) => Inner.GetValueAsync(name, cancellationToken);

    public virtual ValueTask SetValueAsync(string name, string value, CancellationToken cancellationToken = default) =>
        Inner.SetValueAsync(name, value, cancellationToken);
}
