using System;
using System.Collections.Generic;
using System.Text.Json;
using NodaTime;
using NodaTime.Text;

namespace CallCrm.Connectors.Security.Audit;

/// <summary>The canonical JSON of an audit entry, which its hash covers.</summary>
internal static class AuditContentCodec
{
    public static string Serialize(AuditEntry entry, long sequence, Instant recordedAt, RedactionMemo redactions)
    {
        var details = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in entry.Details)
        {
            // A safety net: details are free text, and a raw number or token must not become permanent, signed history.
            details[name] = value is null ? string.Empty : redactions.Redact(value);
        }

        var content = new AuditContent
        {
            Sequence = sequence,
            RecordedAt = InstantPattern.ExtendedIso.Format(recordedAt),
            Operation = entry.Operation,
            Actor = entry.Actor,
            Roles = [.. entry.Roles],
            EntityType = entry.EntityType,
            EntityId = entry.EntityId,
            Fields = [.. entry.Fields],
            Outcome = entry.Outcome,
            CorrelationId = entry.CorrelationId,
            Details = details,
        };
        return JsonSerializer.Serialize(content, AuditJsonContext.Default.AuditContent);
    }

    public static AuditContent Parse(string content) =>
        JsonSerializer.Deserialize(content, AuditJsonContext.Default.AuditContent) ?? throw new JsonException("The entry is empty.");

    public static AuditEntry ToEntry(AuditContent content) => new()
    {
        Operation = content.Operation,
        Actor = content.Actor,
        Roles = content.Roles,
        EntityType = content.EntityType,
        EntityId = content.EntityId,
        Fields = content.Fields,
        Outcome = content.Outcome,
        CorrelationId = content.CorrelationId,
        Details = content.Details,
    };
}
