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
