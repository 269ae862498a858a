using System;
using System.Collections.Generic;
using System.Linq;
using CallCrm.Connectors.Model;
using CallCrm.Connectors.Security.Access;

namespace CallCrm.Connectors.Security.Lookup;

/// <summary>Works out, from a filtered lookup result, which fields the caller was actually given, for the audit entry.</summary>
internal static class ReturnedFields
{
    /// <summary>The prefix of a custom field's name in the audited field list, so that a CRM field cannot pass for a standard one.</summary>
    public const string CustomPrefix = "custom:";

    public static IReadOnlyList<string> Collect(CustomerLookupResult filtered)
    {
        var fields = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var match in filtered.Matches)
        {
            var customer = match.Customer;
            AddIf(fields, CustomerFields.DisplayName, customer.DisplayName is not null);
            AddIf(fields, CustomerFields.FirstName, customer.FirstName is not null);
            AddIf(fields, CustomerFields.LastName, customer.LastName is not null);
            AddIf(fields, CustomerFields.Company, customer.Company is not null);
            AddIf(fields, CustomerFields.Email, customer.Email is not null);
            AddIf(fields, CustomerFields.PhoneNumbers, customer.PhoneNumbers.Count > 0 || match.RecentCalls.Any(c => c.From.Raw is not null || c.To.Raw is not null));
            AddIf(fields, CustomerFields.Language, customer.Language is not null);
            AddIf(fields, CustomerFields.Owner, customer.Owner is not null);
            AddIf(fields, CustomerFields.LastActivityAt, customer.LastActivityAt is not null);
            AddIf(fields, CustomerFields.ModifiedAt, customer.ModifiedAt is not null);
            AddIf(fields, CustomerFields.RecordingUrl, match.RecentCalls.Any(c => c.RecordingUrl is not null));
            AddIf(fields, nameof(DataView.Tags), customer.Tags.Count > 0);
            AddIf(fields, nameof(DataView.Tickets), match.RecentTickets.Count > 0);
            AddIf(fields, nameof(DataView.RecentCalls), match.RecentCalls.Count > 0);
            foreach (var name in customer.CustomFields.Keys)
            {
                fields.Add(string.Concat(CustomPrefix, name));
            }
        }

        return [.. fields];
    }

    /// <summary>Gets which of the returned standard fields the caller saw masked rather than in full.</summary>
    public static IReadOnlyList<string> Masked(CustomerDataAccess access, IReadOnlyList<string> returned) =>
        [.. returned.Where(f => CustomerFields.All.Contains(f) && access.GetFieldAccess(f) == FieldAccess.Masked)];

    private static void AddIf(SortedSet<string> fields, string name, bool present)
    {
        if (present)
        {
            fields.Add(name);
        }
    }
}
