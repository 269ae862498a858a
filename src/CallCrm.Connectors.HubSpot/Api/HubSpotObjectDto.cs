using System.Collections.Generic;

namespace CallCrm.Connectors.HubSpot.Api;

/// <summary>HubSpot's <c>SimplePublicObject</c>: an id and string property values.</summary>
internal sealed class HubSpotObjectDto
{
    public string Id { get; set; } = string.Empty;

    public Dictionary<string, string?> Properties { get; set; } = [];

    /// <summary>Batch upsert results say whether the record was created.</summary>
    public bool? New { get; set; }

    public string? Property(string name) => Properties.TryGetValue(name, out var value) ? value : null;
}
