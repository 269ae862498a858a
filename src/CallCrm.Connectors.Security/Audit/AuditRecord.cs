using NodaTime;

namespace CallCrm.Connectors.Security.Audit;

/// <summary>An entry as stored in the audit log.</summary>
/// <param name="Sequence">The entry's position in the chain.</param>
/// <param name="RecordedAt">When it was appended.</param>
/// <param name="Entry">The entry.</param>
/// <param name="Hash">The entry's chain hash (hex SHA-256).</param>
public sealed record AuditRecord(long Sequence, Instant RecordedAt, AuditEntry Entry, string Hash);
