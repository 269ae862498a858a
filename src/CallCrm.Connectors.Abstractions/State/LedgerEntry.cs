using NodaTime;

namespace CallCrm.Connectors.State;

/// <summary>What the SDK delivered for one record key to one stream's sink.</summary>
/// <param name="Stream">The stream.</param>
/// <param name="Key">The record's stable key.</param>
/// <param name="ContentHash">A hash of the record's content as delivered; an unchanged re-read has the same hash and is not sent again.</param>
/// <param name="Status">Whether the delivery is confirmed or only intended.</param>
/// <param name="TargetId">The identifier the target gave the record, if known (used to update instead of create).</param>
/// <param name="UpdatedAt">When the entry was last written.</param>
/// <remarks>
/// <see cref="RecordIsFinal"/> and <see cref="RecordUpdatedAt"/> are the version of the record the entry stands for: the engine never
/// sends a version older than it (a record that is not final over a final one, or one the source changed earlier), whatever the path
/// (runs, pushes, outbox drains, dead-letter replays). An entry without them (written before versions were kept) orders nothing.
/// </remarks>
public sealed record LedgerEntry(string Stream, string Key, string ContentHash, DeliveryStatus Status, string? TargetId, Instant UpdatedAt)
{
    /// <summary>Gets whether the record the entry stands for was final.</summary>
    /// <value>The record's <see cref="Model.ISyncRecord.IsFinal"/>, or <see langword="null"/> when the entry carries no version.
    /// The default value is <see langword="null"/>.</value>
    public bool? RecordIsFinal { get; init; }

    /// <summary>Gets when the source last changed the record the entry stands for.</summary>
    /// <value>The record's own change time (for a call, <see cref="Model.CallRecord.UpdatedAt"/>), or <see langword="null"/> when the
    /// source does not say or the entry carries no version. The default value is <see langword="null"/>.</value>
    public Instant? RecordUpdatedAt { get; init; }
}
