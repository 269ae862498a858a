using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using CallCrm.Connectors.State;
using Microsoft.Extensions.Logging;
using NodaTime;

namespace CallCrm.Connectors.Security.Audit;

/// <summary>Deletes entries older than the retention period from the start of the chain, sealing the new start first.</summary>
/// <param name="store">Where rows are kept.</param>
/// <param name="chain">The chain's head and its lock.</param>
/// <param name="verifier">Checks the chain before anything is deleted.</param>
/// <param name="timeProvider">The clock the cutoff is measured on.</param>
/// <param name="logger">Logs what was deleted.</param>
internal sealed class AuditRetention(IAuditLogStore store, AuditChainAppender chain, AuditVerifier verifier, TimeProvider timeProvider, ILogger logger)
{
    /// <summary>Deletes the entries recorded more than <paramref name="keep"/> ago, and records that it did.</summary>
    /// <returns>How many entries were deleted.</returns>
    public ValueTask<int> ApplyAsync(TimeSpan keep, CancellationToken cancellationToken) =>
        chain.ExclusiveAsync(ct => ApplyLockedAsync(keep, ct), cancellationToken);

    private async ValueTask<int> ApplyLockedAsync(TimeSpan keep, CancellationToken cancellationToken)
    {
        // Deleting rows of a chain that already fails verification would destroy the evidence: refuse.
        var verification = await verifier.VerifyAsync(cancellationToken).ConfigureAwait(false);
        if (!verification.IsValid)
        {
            throw AuditChainAppender.ChainInvalid(string.Concat("Retention refused: the audit chain does not verify (", verification.Message, ")."));
        }

        var current = await chain.GetHeadLockedAsync(cancellationToken).ConfigureAwait(false);
        var cutoff = Instant.FromDateTimeOffset(timeProvider.GetUtcNow() - keep);
        AuditLogRow? firstKept = null;
        var older = 0;
        await foreach (var row in store.ReadAsync(current.FirstSequence, cancellationToken).ConfigureAwait(false))
        {
            if (row.RecordedAt >= cutoff)
            {
                firstKept = row;
                break;
            }

            older++;
        }

        if (older == 0)
        {
            return 0;
        }

        // Seal the new start before deleting: a crash in between leaves rows before the anchor, which verification skips and the next
        // retention run deletes, rather than a chain whose start nobody vouches for.
        var anchored = current with
        {
            FirstSequence = firstKept?.Sequence ?? current.LastSequence + 1,
            AnchorHash = firstKept?.PreviousHash ?? current.LastHash,
        };
        await chain.ResealLockedAsync(anchored, cancellationToken).ConfigureAwait(false);
        var deleted = await store.DeleteRecordedBeforeAsync(cutoff, cancellationToken).ConfigureAwait(false);
        Log.AuditRetentionApplied(logger, deleted, anchored.FirstSequence);

        await chain.AppendLockedAsync(
            new AuditEntry
            {
                Operation = AuditOperations.AuditRetention,
                Actor = nameof(HashChainedAuditLog),
                EntityType = "audit",
                Outcome = AuditOutcome.Succeeded,
                Details = new Dictionary<string, string>
                {
                    ["deleted"] = deleted.ToString(CultureInfo.InvariantCulture),
                    ["firstKept"] = anchored.FirstSequence.ToString(CultureInfo.InvariantCulture),
                },
            },
            cancellationToken).ConfigureAwait(false);
        return deleted;
    }
}
