using System.Threading.Tasks;

namespace CallCrm.Connectors.Security.Audit;

/// <summary>An item of the audit log's write queue: a buffered entry (nobody waits for it), an immediate entry (its appender waits for
/// the record), or a flush marker (its caller waits until everything queued before it is durable).</summary>
internal readonly record struct PendingAuditEntry(AuditEntry? Entry, TaskCompletionSource<AuditRecord>? Appended, TaskCompletionSource? Flushed)
{
    public static PendingAuditEntry Buffered(AuditEntry entry) => new(entry, null, null);

    public static PendingAuditEntry Immediate(AuditEntry entry) =>
        new(entry, new TaskCompletionSource<AuditRecord>(TaskCreationOptions.RunContinuationsAsynchronously), null);

    public static PendingAuditEntry FlushMarker() => new(null, null, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
}
