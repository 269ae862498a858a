using CallCrm.Connectors.Model;
using CallCrm.Connectors.State;
using NodaTime;

namespace CallCrm.Connectors.Sync.Internal;

/// <summary>The version of one record key: what orders two versions of a record, so that an older one is never sent over a newer one.</summary>
/// <param name="IsFinal">Whether the record had reached its final state.</param>
/// <param name="UpdatedAt">When the source last changed the record, if it says.</param>
/// <remarks>
/// <para>Finality first: a final version is newer than any version that is not final, whatever their times (a call never goes back to
/// ringing; a late "in-progress" status callback after "completed" is old news). Between two final or two not-final versions, the
/// source's change time decides: the later one is newer. When either has no change time, neither is newer, and the content hash
/// decides whether to send, as before versions were kept.</para>
/// <para>This is a strict partial order: no version is newer than itself, and "newer" is transitive.</para>
/// </remarks>
internal readonly record struct RecordVersion(bool IsFinal, Instant? UpdatedAt)
{
    /// <summary>Gets the version of a record.</summary>
    public static RecordVersion Of(CallRecord record) => new(record.IsFinal, record.UpdatedAt);

    /// <summary>Gets the version a ledger entry stands for, or <see langword="null"/> when it carries none (written before versions were kept).</summary>
    public static RecordVersion? Of(LedgerEntry entry) => entry.RecordIsFinal is { } final ? new RecordVersion(final, entry.RecordUpdatedAt) : null;

    /// <summary>Whether this version is strictly newer than <paramref name="other"/>.</summary>
    public bool IsNewerThan(RecordVersion other)
    {
        if (IsFinal != other.IsFinal)
        {
            return IsFinal;
        }

        return UpdatedAt is { } mine && other.UpdatedAt is { } theirs && mine > theirs;
    }

    /// <summary>Stamps this version on a ledger entry.</summary>
    public LedgerEntry On(LedgerEntry entry) => entry with { RecordIsFinal = IsFinal, RecordUpdatedAt = UpdatedAt };
}
