using System.Text.Json.Serialization;

namespace CallCrm.Connectors.Security.Audit;

/// <summary>The keyed seal over the chain: where it starts (the retention anchor), where it ends, and how many entries it holds.</summary>
/// <remarks>Anchor and head are one value so that a single write keeps them consistent.</remarks>
internal sealed record AuditSeal
{
    [JsonPropertyName("v")]
    [JsonPropertyOrder(0)]
    public int Version { get; init; } = 1;

    /// <summary>The first sequence kept (1 until retention deletes entries).</summary>
    [JsonPropertyName("first")]
    [JsonPropertyOrder(1)]
    public long FirstSequence { get; init; }

    /// <summary>The previous hash of the first entry kept (the genesis hash until retention deletes entries).</summary>
    [JsonPropertyName("anchor")]
    [JsonPropertyOrder(2)]
    public required string AnchorHash { get; init; }

    [JsonPropertyName("last")]
    [JsonPropertyOrder(3)]
    public long LastSequence { get; init; }

    [JsonPropertyName("head")]
    [JsonPropertyOrder(4)]
    public required string LastHash { get; init; }

    [JsonPropertyName("count")]
    [JsonPropertyOrder(5)]
    public long Count { get; init; }

    [JsonPropertyName("mac")]
    [JsonPropertyOrder(6)]
    public string Mac { get; init; } = string.Empty;
}
