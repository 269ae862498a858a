using System.Security.Claims;
using CallCrm.Connectors.Security.Audit;
using NodaTime;

namespace CallCrm.Connectors.Benchmarks;

/// <summary>An audit log that keeps nothing, to measure the screen-pop service without the audit log's work.</summary>
internal sealed class DiscardingAuditLog : IAuditLog
{
    private static readonly AuditRecord Record = new(0, Instant.MinValue, new AuditEntry { Operation = "none" }, string.Empty);

    public ValueTask<AuditRecord> AppendAsync(AuditEntry entry, CancellationToken cancellationToken = default) => ValueTask.FromResult(Record);

    public ValueTask EnqueueAsync(AuditEntry entry, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    public IAsyncEnumerable<AuditRecord> ReadAsync(ClaimsPrincipal principal, long fromSequence = 0, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public ValueTask<AuditVerificationResult> VerifyAsync(CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public ValueTask<int> ApplyRetentionAsync(CancellationToken cancellationToken = default) => throw new NotSupportedException();
}
