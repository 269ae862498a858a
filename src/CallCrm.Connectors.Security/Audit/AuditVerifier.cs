using System;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using CallCrm.Connectors.State;
using NodaTime.Text;

namespace CallCrm.Connectors.Security.Audit;

/// <summary>Walks the stored chain against its seal: every link, hash, position and the sealed head and length.</summary>
/// <param name="store">Where rows and the seal are kept.</param>
/// <param name="seals">Reads the seal and checks its MAC.</param>
internal sealed class AuditVerifier(IAuditLogStore store, AuditSealStore seals)
{
    public async ValueTask<AuditVerificationResult> VerifyAsync(CancellationToken cancellationToken)
    {
        var seal = await seals.ReadAsync(cancellationToken).ConfigureAwait(false);
        if (seal is null)
        {
            await foreach (var row in store.ReadAsync(0, cancellationToken).ConfigureAwait(false))
            {
                return Fail(AuditVerificationFailure.MissingSeal, row.Sequence, 0, "The log has entries but no seal.");
            }

            return new AuditVerificationResult(AuditVerificationFailure.None, null, 0, "The log is empty.");
        }

        if (!seals.Verifies(seal))
        {
            return Fail(AuditVerificationFailure.InvalidSeal, Math.Max(1, seal.FirstSequence), 0,
                "The seal does not verify with the configured key: the chain was rewritten, or the key is wrong.");
        }

        var expected = seal.FirstSequence;
        var previousHash = seal.AnchorHash;
        long verified = 0;
        await foreach (var row in store.ReadAsync(0, cancellationToken).ConfigureAwait(false))
        {
            if (row.Sequence < seal.FirstSequence)
            {
                // Older than the retention anchor, left by a retention run that stopped before deleting: outside the sealed chain.
                continue;
            }

            if (row.Sequence > seal.LastSequence)
            {
                // The head may have moved on while this verification ran; a newer valid seal that covers the row settles it.
                var newer = await seals.ReadAsync(cancellationToken).ConfigureAwait(false);
                if (newer is null || !seals.Verifies(newer) || newer.FirstSequence != seal.FirstSequence
                    || newer.LastSequence < row.Sequence)
                {
                    return Fail(AuditVerificationFailure.Unsealed, row.Sequence, verified,
                        string.Concat("Entry ", Text(row.Sequence), " follows the sealed head (", Text(seal.LastSequence), ")."));
                }

                seal = newer;
            }

            if (row.Sequence != expected)
            {
                return Fail(AuditVerificationFailure.MissingEntry, expected, verified,
                    string.Concat("Entry ", Text(expected), " is missing (the next stored entry is ", Text(row.Sequence), ")."));
            }

            if (!AuditChain.HashesEqual(row.PreviousHash, previousHash))
            {
                return Fail(AuditVerificationFailure.BrokenLink, row.Sequence, verified,
                    string.Concat("Entry ", Text(row.Sequence), " does not link to the entry before it."));
            }

            if (!AuditChain.HashesEqual(AuditChain.ComputeHash(row.PreviousHash, row.Content), row.Hash))
            {
                return Fail(AuditVerificationFailure.HashMismatch, row.Sequence, verified,
                    string.Concat("Entry ", Text(row.Sequence), " does not match its hash: its content or hash was changed."));
            }

            AuditContent content;
            try
            {
                content = AuditContentCodec.Parse(row.Content);
            }
            catch (JsonException)
            {
                return Fail(AuditVerificationFailure.Malformed, row.Sequence, verified, string.Concat("Entry ", Text(row.Sequence), " cannot be read."));
            }

            if (content.Sequence != row.Sequence || !InstantPattern.ExtendedIso.Parse(content.RecordedAt).TryGetValue(default, out var at)
                || at != row.RecordedAt)
            {
                return Fail(AuditVerificationFailure.Misplaced, row.Sequence, verified,
                    string.Concat("Entry ", Text(row.Sequence), " was written for another position or time."));
            }

            previousHash = row.Hash;
            expected++;
            verified++;
        }

        if (expected <= seal.LastSequence)
        {
            return Fail(AuditVerificationFailure.Truncated, expected, verified,
                string.Concat("Entries ", Text(expected), " to ", Text(seal.LastSequence), " are missing at the end of the chain."));
        }

        if (!AuditChain.HashesEqual(previousHash, seal.LastHash) || verified != seal.Count)
        {
            return Fail(AuditVerificationFailure.HeadMismatch, seal.FirstSequence, verified,
                "The chain's head or length does not match its seal: the chain was rewritten.");
        }

        return new AuditVerificationResult(AuditVerificationFailure.None, null, verified,
            string.Concat(Text(verified), " entries verified, from ", Text(seal.FirstSequence), " to ", Text(seal.LastSequence), "."));
    }

    private static AuditVerificationResult Fail(AuditVerificationFailure failure, long sequence, long verified, string message) =>
        new(failure, sequence, verified, message);

    private static string Text(long value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
