using System;
using System.Collections.Generic;

namespace CallCrm.Connectors.Security.Access;

/// <summary>The names of the customer fields a field policy can grant, as used in <see cref="RoleAccessOptions.Fields"/> and configuration.</summary>
/// <remarks>The customer's identifier is not a field here: a role that may read <see cref="DataView.Profile"/> always sees it, because every
/// follow-up operation needs it. Custom fields are granted through <see cref="RoleAccessOptions.CustomFields"/>.</remarks>
public static class CustomerFields
{
    /// <summary>The name to show an agent.</summary>
    public const string DisplayName = nameof(DisplayName);

    /// <summary>The first name.</summary>
    public const string FirstName = nameof(FirstName);

    /// <summary>The last name.</summary>
    public const string LastName = nameof(LastName);

    /// <summary>The company.</summary>
    public const string Company = nameof(Company);

    /// <summary>The e-mail address (personal data).</summary>
    public const string Email = nameof(Email);

    /// <summary>The phone numbers of the customer, and the numbers of their recent calls (personal data).</summary>
    public const string PhoneNumbers = nameof(PhoneNumbers);

    /// <summary>The preferred language.</summary>
    public const string Language = nameof(Language);

    /// <summary>The CRM user who owns the customer.</summary>
    public const string Owner = nameof(Owner);

    /// <summary>When the customer last had an activity.</summary>
    public const string LastActivityAt = nameof(LastActivityAt);

    /// <summary>When the CRM last changed the customer.</summary>
    public const string ModifiedAt = nameof(ModifiedAt);

    /// <summary>The links to call recordings of the customer's recent calls.</summary>
    public const string RecordingUrl = nameof(RecordingUrl);

    /// <summary>Gets every field name above.</summary>
    public static IReadOnlySet<string> All { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        DisplayName, FirstName, LastName, Company, Email, PhoneNumbers, Language, Owner, LastActivityAt, ModifiedAt, RecordingUrl,
    };
}
