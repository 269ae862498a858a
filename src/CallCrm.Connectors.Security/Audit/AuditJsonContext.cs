using System.Text.Json.Serialization;

namespace CallCrm.Connectors.Security.Audit;

/// <summary>Source-generated serialization of the audit log's stored forms: no reflection, and a property order fixed at compile time.</summary>
[JsonSourceGenerationOptions(WriteIndented = false, UseStringEnumConverter = true, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(AuditContent))]
[JsonSerializable(typeof(AuditSeal))]
internal sealed partial class AuditJsonContext : JsonSerializerContext;
