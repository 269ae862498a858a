using System.Collections.Generic;
using NodaTime;

namespace CallCrm.Connectors.Model;

/// <summary>A customer as a CRM knows them.</summary>
public sealed record CustomerProfile
{
    /// <summary>Gets the CRM's identifier of the customer.</summary>
    public required string Id { get; init; }

    /// <summary>Gets the name to show an agent.</summary>
    public string? DisplayName { get; init; }

    /// <summary>Gets the customer's first name.</summary>
    public string? FirstName { get; init; }

    /// <summary>Gets the customer's last name.</summary>
    public string? LastName { get; init; }

    /// <summary>Gets the customer's company.</summary>
    public string? Company { get; init; }

    /// <summary>Gets the customer's e-mail address.</summary>
    public string? Email { get; init; }

    /// <summary>Gets the customer's phone numbers.</summary>
    public IReadOnlyList<PhoneNumber> PhoneNumbers { get; init; } = [];

    /// <summary>Gets the customer's preferred language (BCP 47), if known.</summary>
    public string? Language { get; init; }

    /// <summary>Gets the CRM user who owns the customer, if any.</summary>
    public string? Owner { get; init; }

    /// <summary>Gets the customer's tags.</summary>
    public IReadOnlyList<CustomerTag> Tags { get; init; } = [];

    /// <summary>Gets when the customer last had an activity (call, e-mail, ticket) in the CRM.</summary>
    public Instant? LastActivityAt { get; init; }

    /// <summary>Gets when the CRM last changed the customer.</summary>
    public Instant? ModifiedAt { get; init; }

    /// <summary>Gets fields the SDK has no property for, by name.</summary>
    public IReadOnlyDictionary<string, string> CustomFields { get; init; } = new Dictionary<string, string>(0);
}
