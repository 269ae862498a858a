using System;
using System.Collections.Generic;
using System.Linq;
using CallCrm.Connectors.HubSpot.Api;
using CallCrm.Connectors.Model;
using CallCrm.Connectors.Normalization;

namespace CallCrm.Connectors.HubSpot.Internal;

/// <summary>Maps a HubSpot contact to a <see cref="CustomerProfile"/>.</summary>
internal static class ContactMapper
{
    public static CustomerProfile ToProfile(HubSpotObjectDto contact, HubSpotOptions options, IPhoneNumberNormalizer normalizer, string? region)
    {
        var tags = ParseTags(contact.Property(options.TagsProperty));
        var first = contact.Property("firstname");
        var last = contact.Property("lastname");
        var display = string.Join(' ', new[] { first, last }.Where(n => !string.IsNullOrWhiteSpace(n)));
        region ??= options.DefaultRegion;
        var phones = new List<PhoneNumber>();
        foreach (var property in options.PhoneProperties)
        {
            if (contact.Property(property) is { Length: > 0 } raw)
            {
                // Without a region only numbers typed with their country code can be normalized; the raw form is kept.
                var e164 = region is not null || raw.TrimStart().StartsWith('+') ? normalizer.Normalize(raw, region ?? "US").E164 : null;
                phones.Add(new PhoneNumber(raw, e164));
            }
        }

        return new CustomerProfile
        {
            Id = contact.Id,
            FirstName = first,
            LastName = last,
            DisplayName = display.Length > 0 ? display : contact.Property("email"),
            Email = contact.Property("email"),
            Company = contact.Property("company"),
            PhoneNumbers = phones,
            Language = tags.FirstOrDefault(t => string.Equals(t.Name, options.LanguageTagName, StringComparison.OrdinalIgnoreCase) && t.Value is not null)?.Value
                ?? contact.Property("hs_language"),
            Owner = contact.Property("hubspot_owner_id"),
            Tags = tags,
            LastActivityAt = HubSpotValues.ParseInstant(contact.Property("notes_last_updated")),
            ModifiedAt = HubSpotValues.ParseInstant(contact.Property("lastmodifieddate")),
        };
    }

    /// <summary>Reads a multi-checkbox value: <c>vip;language=de</c> gives <c>vip</c> and <c>language</c> = <c>de</c>.</summary>
    public static IReadOnlyList<CustomerTag> ParseTags(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return [];
        }

        var tags = new List<CustomerTag>();
        foreach (var part in value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            var tag = equals > 0 ? new CustomerTag(part[..equals].Trim(), part[(equals + 1)..].Trim()) : new CustomerTag(part);
            if (!tags.Contains(tag))
            {
                tags.Add(tag);
            }
        }

        return tags;
    }
}
