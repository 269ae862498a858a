using NodaTime;

namespace CallCrm.Connectors.State;

/// <summary>One stored row of the hash-chained audit log. The security package decides the content and the hashing; the store keeps rows as given.</summary>
/// <param name="Sequence">The row's position in the chain, increasing by one from 1.</param>
/// <param name="RecordedAt">When the audited operation happened.</param>
/// <param name="Content">The audit entry in its canonical serialized form.</param>
/// <param name="PreviousHash">The hash of the previous row (hex), or the anchor's hash for the first row kept.</param>
/// <param name="Hash">The hash of this row (hex), over <paramref name="PreviousHash"/> and <paramref name="Content"/>.</param>
public sealed record AuditLogRow(long Sequence, Instant RecordedAt, string Content, string PreviousHash, string Hash);
