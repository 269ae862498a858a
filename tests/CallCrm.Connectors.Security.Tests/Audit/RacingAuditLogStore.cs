using CallCrm.Connectors.Security.Audit;
using CallCrm.Connectors.State;
using NodaTime;

namespace CallCrm.Connectors.Security.Tests.Audit;

/// <summary>A real audit store that runs another writer's work right after the first read of the seal returns, the moment another
/// instance's commit would hurt most, so a test can reproduce that interleaving every time.</summary>
internal sealed class RacingAuditLogStore(IAuditLogStore inner, Func<Task> raceAfterFirstSealRead) : IAuditLogStore
{
    private int raced;

    /// <summary>Gets a value indicating whether the other writer's work ran.</summary>
    public bool Raced => Volatile.Read(ref raced) == 1;

    public async ValueTask<string?> GetValueAsync(string name, CancellationToken cancellationToken = default)
    {
        var value = await inner.GetValueAsync(name, cancellationToken);
        if (name == AuditLogOptions.SealValueName && Interlocked.Exchange(ref raced, 1) == 0)
        {
            await raceAfterFirstSealRead();
        }

        return value;
    }

    public ValueTask AppendBatchAsync(IReadOnlyList<AuditLogRow> rows, string name, string value, CancellationToken cancellationToken = default) =>
        inner.AppendBatchAsync(rows, name, value, cancellationToken);

    public ValueTask AppendAsync(AuditLogRow row, CancellationToken cancellationToken = default) => inner.AppendAsync(row, cancellationToken);

    public ValueTask<AuditLogRow?> GetLastAsync(CancellationToken cancellationToken = default) => inner.GetLastAsync(cancellationToken);

    public IAsyncEnumerable<AuditLogRow> ReadAsync(long fromSequence = 0, CancellationToken cancellationToken = default) =>
        inner.ReadAsync(fromSequence, cancellationToken);

    public ValueTask<int> DeleteRecordedBeforeAsync(Instant recordedBefore, CancellationToken cancellationToken = default) =>
        inner.DeleteRecordedBeforeAsync(recordedBefore, cancellationToken);

    public ValueTask SetValueAsync(string name, string value, CancellationToken cancellationToken = default) =>
        inner.SetValueAsync(name, value, cancellationToken);
}
