using System;
using System.Collections.Generic;

namespace CallCrm.Connectors.Security.Access;

/// <summary>The built-in policy for <see cref="CustomerDataRoles"/>.</summary>
internal static class DefaultRoles
{
    public static IReadOnlyDictionary<string, RoleAccessOptions> Create()
    {
        var agent = Role(
            [DataView.Profile, DataView.Tags, DataView.Tickets],
            FieldAccess.Hidden,
            (FieldAccess.Visible, [CustomerFields.DisplayName, CustomerFields.FirstName, CustomerFields.LastName, CustomerFields.Company,
                CustomerFields.Language, CustomerFields.Owner, CustomerFields.LastActivityAt, CustomerFields.ModifiedAt]),
            (FieldAccess.Masked, [CustomerFields.Email, CustomerFields.PhoneNumbers]));

        var supervisor = Role(
            [DataView.Profile, DataView.Tags, DataView.Tickets, DataView.RecentCalls],
            FieldAccess.Masked,
            (FieldAccess.Visible, [CustomerFields.DisplayName, CustomerFields.FirstName, CustomerFields.LastName, CustomerFields.Company,
                CustomerFields.Language, CustomerFields.Owner, CustomerFields.LastActivityAt, CustomerFields.ModifiedAt,
                CustomerFields.Email, CustomerFields.RecordingUrl]),
            (FieldAccess.Masked, [CustomerFields.PhoneNumbers]));

        var manager = Role(
            [DataView.Profile, DataView.Tags, DataView.Tickets, DataView.RecentCalls, DataView.Reports, DataView.Aggregates, DataView.Exports],
            FieldAccess.Visible,
            (FieldAccess.Visible, [.. CustomerFields.All]));

        var auditor = Role(
            [DataView.Profile, DataView.Tags, DataView.Audit],
            FieldAccess.Hidden,
            (FieldAccess.Visible, [CustomerFields.Company, CustomerFields.Owner, CustomerFields.LastActivityAt, CustomerFields.ModifiedAt]),
            (FieldAccess.Masked, [CustomerFields.DisplayName, CustomerFields.FirstName, CustomerFields.LastName, CustomerFields.Email,
                CustomerFields.PhoneNumbers]));

        return new Dictionary<string, RoleAccessOptions>(StringComparer.OrdinalIgnoreCase)
        {
            [CustomerDataRoles.Agent] = agent,
            [CustomerDataRoles.Supervisor] = supervisor,
            [CustomerDataRoles.Manager] = manager,
            [CustomerDataRoles.Auditor] = auditor,
        };
    }

    private static RoleAccessOptions Role(DataView[] views, FieldAccess customFields, params (FieldAccess Access, string[] Fields)[] grants)
    {
        var role = new RoleAccessOptions { DefaultCustomFieldAccess = customFields };
        foreach (var view in views)
        {
            role.Views.Add(view);
        }

        foreach (var (access, fields) in grants)
        {
            foreach (var field in fields)
            {
                role.Fields[field] = access;
            }
        }

        return role;
    }
}
