using System;
using System.Collections.Generic;
using System.Linq;
using CallCrm.Connectors.Model;
using CallCrm.Connectors.Security.Redaction;

namespace CallCrm.Connectors.Security.Access;

/// <summary>Applies a <see cref="CustomerDataAccess"/> to the model types; the caller has already checked <see cref="DataView.Profile"/>.</summary>
internal static class CustomerDataFilter
{
    public static CustomerProfile Filter(CustomerDataAccess access, CustomerProfile profile) => profile with
    {
        DisplayName = Text(access, CustomerFields.DisplayName, profile.DisplayName),
        FirstName = Text(access, CustomerFields.FirstName, profile.FirstName),
        LastName = Text(access, CustomerFields.LastName, profile.LastName),
        Company = Text(access, CustomerFields.Company, profile.Company),
        Email = access.GetFieldAccess(CustomerFields.Email) switch
        {
            FieldAccess.Visible => profile.Email,
            FieldAccess.Masked => PiiMask.Email(profile.Email),
            _ => null,
        },
        PhoneNumbers = Phones(access, profile.PhoneNumbers),
        Language = Text(access, CustomerFields.Language, profile.Language),
        Owner = Text(access, CustomerFields.Owner, profile.Owner),

        // A point in time cannot be masked meaningfully: anything short of visible hides it.
        LastActivityAt = access.GetFieldAccess(CustomerFields.LastActivityAt) == FieldAccess.Visible ? profile.LastActivityAt : null,
        ModifiedAt = access.GetFieldAccess(CustomerFields.ModifiedAt) == FieldAccess.Visible ? profile.ModifiedAt : null,
        Tags = access.CanRead(DataView.Tags) ? profile.Tags : [],
        CustomFields = Custom(access, profile.CustomFields),
    };

    public static CustomerMatch Filter(CustomerDataAccess access, CustomerMatch match) => new(
        Filter(access, match.Customer),
        access.CanRead(DataView.Tickets) ? match.RecentTickets : [],
        access.CanRead(DataView.RecentCalls) ? [.. match.RecentCalls.Select(call => Filter(access, call))] : []);

    private static CallRecord Filter(CustomerDataAccess access, CallRecord call) => call with
    {
        From = Phone(access.GetFieldAccess(CustomerFields.PhoneNumbers), call.From) ?? PhoneNumber.Empty,
        To = Phone(access.GetFieldAccess(CustomerFields.PhoneNumbers), call.To) ?? PhoneNumber.Empty,
        RecordingUrl = access.GetFieldAccess(CustomerFields.RecordingUrl) == FieldAccess.Visible ? call.RecordingUrl : null,
        CustomFields = Custom(access, call.CustomFields),
    };

    private static string? Text(CustomerDataAccess access, string field, string? value) => access.GetFieldAccess(field) switch
    {
        FieldAccess.Visible => value,
        FieldAccess.Masked => PiiMask.Text(value),
        _ => null,
    };

    private static IReadOnlyList<PhoneNumber> Phones(CustomerDataAccess access, IReadOnlyList<PhoneNumber> numbers)
    {
        var fieldAccess = access.GetFieldAccess(CustomerFields.PhoneNumbers);
        return fieldAccess switch
        {
            FieldAccess.Visible => numbers,
            FieldAccess.Masked => [.. numbers.Select(n => Phone(fieldAccess, n)!)],
            _ => [],
        };
    }

    private static PhoneNumber? Phone(FieldAccess access, PhoneNumber number) => access switch
    {
        FieldAccess.Visible => number,

        // A masked number has no E.164 form: it must not be dialable or matchable.
        FieldAccess.Masked => new PhoneNumber(PiiMask.Phone(number.E164 ?? number.Raw)),
        _ => null,
    };

    private static IReadOnlyDictionary<string, string> Custom(CustomerDataAccess access, IReadOnlyDictionary<string, string> fields)
    {
        if (fields.Count == 0)
        {
            return fields;
        }

        var filtered = new Dictionary<string, string>(fields.Count, StringComparer.Ordinal);
        foreach (var (name, value) in fields)
        {
            switch (access.GetCustomFieldAccess(name))
            {
                case FieldAccess.Visible:
                    filtered[name] = value;
                    break;
                case FieldAccess.Masked:
                    filtered[name] = PiiMask.Text(value) ?? string.Empty;
                    break;
                default:
                    break;
            }
        }

        return filtered;
    }
}
