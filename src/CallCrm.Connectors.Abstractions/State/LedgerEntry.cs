using NodaTime;

namespace CallCrm.Connectors.State;

/// <summary>What the SDK delivered for one record key to one stream's sink.</summary>
/// <param name="Stream">The stream.</param>
/// <param name="Key">The record's stable key.</param>
/// <param name="ContentHash">A hash of the record's content as delivered; an unchanged re-read has the same hash and is not sent again.</param>
/// <param name="Status">Whether the delivery is confirmed or only intended.</param>
/// <param name="TargetId">The identifier the target gave the record, if known (used to update instead of create).</param>
/// <param name="UpdatedAt">When the entry was last written.</param>
public sealed record LedgerEntry(string Stream, string Key, string ContentHash, DeliveryStatus Status, string? TargetId, Instant UpdatedAt);
