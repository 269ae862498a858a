using System.Collections.Generic;
using System.Security.Claims;
using System.Threading;
using System.Threading.Tasks;
using CallCrm.Connectors.Errors;

namespace CallCrm.Connectors.Security.Audit;

/// <summary>The tamper-evident audit log: every read of customer data and every change the SDK makes is appended here.</summary>
public interface IAuditLog
{
    /// <summary>Appends an entry to the chain and seals the new head. Thread-safe.</summary>
    /// <param name="entry">The entry.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The entry as stored.</returns>
    ValueTask<AuditRecord> AppendAsync(AuditEntry entry, CancellationToken cancellationToken = default);

    /// <summary>Hands an entry to the log for the next group commit (<see cref="AuditDurability.Buffered"/>): the entry is in the log's
    /// bounded buffer, in order, when the returned task completes, and durable within <see cref="AuditLogOptions.FlushInterval"/>, or
    /// earlier when a batch fills, <see cref="FlushAsync"/> is called or the log is disposed. Waits while the buffer is full. Thread-safe.</summary>
    /// <param name="entry">The entry.</param>
    /// <param name="cancellationToken">Cancels waiting for room in the buffer; an entry already buffered stays buffered.</param>
    /// <returns>A task that completes when the entry is buffered.</returns>
    /// <remarks>This default appends the entry at once (<see cref="AppendAsync"/>), which gives more than the buffered guarantee.</remarks>
    async ValueTask EnqueueAsync(AuditEntry entry, CancellationToken cancellationToken = default) =>
        await AppendAsync(entry, cancellationToken).ConfigureAwait(false);

    /// <summary>Makes every entry handed to <see cref="EnqueueAsync"/> before the call durable.</summary>
    /// <param name="cancellationToken">Cancels waiting; the entries are written all the same.</param>
    /// <returns>A task that completes when those entries are durable.</returns>
    /// <remarks>This default does nothing: a log without a buffer has nothing to flush.</remarks>
    ValueTask FlushAsync(CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    /// <summary>Reads entries for a caller allowed to read the audit log; the read is itself audited.</summary>
    /// <param name="principal">The caller; needs the <see cref="Access.DataView.Audit"/> view.</param>
    /// <param name="fromSequence">The first sequence to read.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The entries in sequence order.</returns>
    /// <exception cref="ConnectorException">The caller may not read the audit log (code <see cref="ConnectorErrorCode.AccessDenied"/>).</exception>
    IAsyncEnumerable<AuditRecord> ReadAsync(ClaimsPrincipal principal, long fromSequence = 0, CancellationToken cancellationToken = default);

    /// <summary>Verifies the whole chain against its seal: detects altered, inserted, removed and reordered entries, a truncated chain and a
    /// rewritten one, and says which entry is the first bad one.</summary>
    /// <param name="cancellationToken">Cancels the verification.</param>
    /// <returns>The outcome.</returns>
    ValueTask<AuditVerificationResult> VerifyAsync(CancellationToken cancellationToken = default);

    /// <summary>Deletes entries older than <see cref="AuditLogOptions.Retention"/>, first sealing the new start of the chain (its anchor) so
    /// that the remaining chain still verifies. Does nothing when no retention is set.</summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>How many entries were deleted.</returns>
    ValueTask<int> ApplyRetentionAsync(CancellationToken cancellationToken = default);
}
