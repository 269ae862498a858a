using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using CallCrm.Connectors.HubSpot.Api;
using CallCrm.Connectors.Model;
using CallCrm.Connectors.Normalization;
using NodaTime;

namespace CallCrm.Connectors.HubSpot.Internal;

/// <summary>
/// Picks the customer's number of a call (<c>From</c> inbound, <c>To</c> outbound; never one of the call center's
/// own numbers, a <c>client:</c> identity or a SIP address) and applies <see cref="CallerResolutionPolicy"/> to the
/// contacts found for it.
/// </summary>
internal sealed class CallerResolver
{
    private readonly HubSpotOptions options;
    private readonly HashSet<string> ownNumbers;

    public CallerResolver(HubSpotOptions options, IPhoneNumberNormalizer normalizer)
    {
        this.options = options;
        ownNumbers = new HashSet<string>(StringComparer.Ordinal);
        foreach (var own in options.OwnNumbers)
        {
            // Own numbers are configured in E.164 or in the default region's national form.
            var region = options.DefaultRegion ?? PhoneNumberWrittenForms.RegionOf(own) ?? "US";
            ownNumbers.Add(normalizer.Normalize(own, region).E164 ?? own.Trim());
        }
    }

    public string? CustomerNumber(CallRecord call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var from = Usable(call.From);
        var to = Usable(call.To);
        return call.Direction switch
        {
            CallDirection.Inbound => from,
            CallDirection.Outbound => to,
            CallDirection.Internal => null,
            // Direction unknown: the one side that is not ours, if exactly one is.
            _ => (from, to) switch
            {
                ({ } f, null) => f,
                (null, { } t) => t,
                _ => null,
            },
        };
    }

    private string? Usable(PhoneNumber number)
    {
        if (number.E164 is not { Length: > 1 } e164 || ownNumbers.Contains(e164))
        {
            return null;
        }

        var raw = number.Raw;
        return raw is not null && (raw.StartsWith("client:", StringComparison.OrdinalIgnoreCase) || raw.StartsWith("sip:", StringComparison.OrdinalIgnoreCase))
            ? null
            : e164;
    }

    public CallerResolution Resolve(string? customerNumber, IReadOnlyList<HubSpotObjectDto> contacts)
    {
        if (customerNumber is null || contacts.Count == 0)
        {
            return CallerResolution.None with { CustomerNumber = customerNumber };
        }

        if (contacts.Count == 1)
        {
            return new CallerResolution([contacts[0].Id], null, null, customerNumber);
        }

        switch (options.CallerResolution)
        {
            case CallerResolutionPolicy.MostRecentlyActive:
                return new CallerResolution([MostRecent(contacts).Id], null, null, customerNumber);
            case CallerResolutionPolicy.AssociateWithAll:
                return new CallerResolution(contacts.Select(c => c.Id).ToList(), null, null, customerNumber);
            case CallerResolutionPolicy.CompanyOnly:
                var companies = contacts.Select(c => c.Property("associatedcompanyid")).Distinct(StringComparer.Ordinal).ToList();
                return companies is [{ Length: > 0 } company]
                    ? new CallerResolution([], company, null, customerNumber)
                    : Flagged(contacts.Count, customerNumber);
            default:
                return Flagged(contacts.Count, customerNumber);
        }
    }

    /// <summary>The contact most recently active: last note or activity, then last modification, then the newest id.</summary>
    public static HubSpotObjectDto MostRecent(IReadOnlyList<HubSpotObjectDto> contacts) =>
        contacts.OrderByDescending(RecencyOf).ThenByDescending(c => c.Id, Comparer<string>.Create(HubSpotValues.CompareIds)).First();

    public static Instant RecencyOf(HubSpotObjectDto contact)
    {
        var notes = HubSpotValues.ParseInstant(contact.Property("notes_last_updated"));
        var modified = HubSpotValues.ParseInstant(contact.Property("lastmodifieddate"));
        return (notes, modified) switch
        {
            ({ } n, { } m) => n > m ? n : m,
            ({ } n, null) => n,
            (null, { } m) => m,
            _ => Instant.MinValue,
        };
    }

    private static CallerResolution Flagged(int count, string customerNumber) => new(
        [],
        null,
        string.Create(CultureInfo.InvariantCulture, $"[CallCrm] The caller's number belongs to {count} contacts, so this call was not associated with any of them. Please associate it with the right contact."),
        customerNumber);
}
