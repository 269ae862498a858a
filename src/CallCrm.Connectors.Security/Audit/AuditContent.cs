using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace CallCrm.Connectors.Security.Audit;

/// <summary>The canonical stored form of an entry. The property order is fixed here, and only here: changing it changes every hash, so a
/// new layout needs a new <see cref="Version"/>.</summary>
internal sealed record AuditContent
{
    public const int CurrentVersion = 1;

    [JsonPropertyName("v")]
    [JsonPropertyOrder(0)]
    public int Version { get; init; } = CurrentVersion;

    [JsonPropertyName("seq")]
    [JsonPropertyOrder(1)]
    public long Sequence { get; init; }

    [JsonPropertyName("at")]
    [JsonPropertyOrder(2)]
    public required string RecordedAt { get; init; }

    [JsonPropertyName("op")]
    [JsonPropertyOrder(3)]
    public required string Operation { get; init; }

    [JsonPropertyName("actor")]
    [JsonPropertyOrder(4)]
    public string? Actor { get; init; }

    [JsonPropertyName("roles")]
    [JsonPropertyOrder(5)]
    public IReadOnlyList<string> Roles { get; init; } = [];

    [JsonPropertyName("entityType")]
    [JsonPropertyOrder(6)]
    public string? EntityType { get; init; }

    [JsonPropertyName("entityId")]
    [JsonPropertyOrder(7)]
    public string? EntityId { get; init; }

    [JsonPropertyName("fields")]
    [JsonPropertyOrder(8)]
    public IReadOnlyList<string> Fields { get; init; } = [];

    [JsonPropertyName("outcome")]
    [JsonPropertyOrder(9)]
    public AuditOutcome Outcome { get; init; }

    [JsonPropertyName("correlationId")]
    [JsonPropertyOrder(10)]
    public string? CorrelationId { get; init; }

    [JsonPropertyName("details")]
    [JsonPropertyOrder(11)]
    public IReadOnlyDictionary<string, string> Details { get; init; } = new Dictionary<string, string>(0);
}
