using System;
using NodaTime;

namespace CallCrm.Connectors.Checkpoints;

/// <summary>A composite timestamp watermark: every record at or before (<see cref="Timestamp"/>, <see cref="TieBreakId"/>) has been delivered.</summary>
/// <remarks>
/// Many records can share one timestamp, across page boundaries too. Ordering by (timestamp, id) with an
/// ordinal comparison of the id means such records are neither skipped nor repeated when a read resumes.
/// </remarks>
/// <param name="Timestamp">The timestamp of the last delivered record.</param>
/// <param name="TieBreakId">The identifier of the last delivered record among those with <paramref name="Timestamp"/>.</param>
public sealed record WatermarkCheckpoint(Instant Timestamp, string TieBreakId) : Checkpoint, IComparable<WatermarkCheckpoint>
{
    /// <summary>Gets the watermark before every record.</summary>
    public static WatermarkCheckpoint Start { get; } = new(Instant.MinValue, string.Empty);

    /// <summary>Compares two watermarks by timestamp, then ordinally by tie-break id.</summary>
    /// <param name="other">The other watermark.</param>
    /// <returns>Less than zero when this one comes first, zero when equal, more than zero when it comes after.</returns>
    public int CompareTo(WatermarkCheckpoint? other)
    {
        if (other is null)
        {
            return 1;
        }

        var byTime = Timestamp.CompareTo(other.Timestamp);
        return byTime != 0 ? byTime : string.CompareOrdinal(TieBreakId, other.TieBreakId);
    }

    /// <summary>Gets whether a record at (<paramref name="timestamp"/>, <paramref name="id"/>) comes after this watermark.</summary>
    /// <param name="timestamp">The record's timestamp.</param>
    /// <param name="id">The record's identifier.</param>
    /// <returns><see langword="true"/> when the record has not been passed yet.</returns>
    public bool IsBefore(Instant timestamp, string id)
    {
        var byTime = Timestamp.CompareTo(timestamp);
        return byTime < 0 || (byTime == 0 && string.CompareOrdinal(TieBreakId, id) < 0);
    }

    /// <summary>Returns the earlier of two watermarks.</summary>
    /// <param name="left">One watermark.</param>
    /// <param name="right">The other watermark.</param>
    /// <returns>The watermark that comes first.</returns>
    public static WatermarkCheckpoint Min(WatermarkCheckpoint left, WatermarkCheckpoint right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        return left.CompareTo(right) <= 0 ? left : right;
    }

    /// <inheritdoc />
    public static bool operator <(WatermarkCheckpoint left, WatermarkCheckpoint right) => Compare(left, right) < 0;

    /// <inheritdoc />
    public static bool operator >(WatermarkCheckpoint left, WatermarkCheckpoint right) => Compare(left, right) > 0;

    /// <inheritdoc />
    public static bool operator <=(WatermarkCheckpoint left, WatermarkCheckpoint right) => Compare(left, right) <= 0;

    /// <inheritdoc />
    public static bool operator >=(WatermarkCheckpoint left, WatermarkCheckpoint right) => Compare(left, right) >= 0;

    private static int Compare(WatermarkCheckpoint? left, WatermarkCheckpoint? right) =>
        left is null ? (right is null ? 0 : -1) : left.CompareTo(right);
}
