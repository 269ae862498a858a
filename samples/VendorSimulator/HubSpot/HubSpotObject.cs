using System;
using System.Collections.Generic;

namespace CallCrm.Connectors.VendorSimulator.HubSpot;

/// <summary>A CRM record (contact, call engagement, ticket). Mutable only under <see cref="HubSpotStore"/>'s lock.</summary>
internal sealed class HubSpotObject
{
    public required long Id { get; init; }

    public required string ObjectType { get; init; }

    public required Dictionary<string, string?> Properties { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; set; }
}
