using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.Extensions.Options;

namespace CallCrm.Connectors.Security.Access;

/// <summary>Validates <see cref="CustomerDataAccessOptions"/> at start, so that a typo in a field name fails loudly instead of hiding data.</summary>
internal sealed class CustomerDataAccessOptionsValidator : IValidateOptions<CustomerDataAccessOptions>
{
    public ValidateOptionsResult Validate(string? name, CustomerDataAccessOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.RoleClaimType))
        {
            failures.Add("RoleClaimType must name a claim type.");
        }

        if (!options.IncludeDefaultRoles && options.Roles.Count == 0)
        {
            failures.Add("No role is defined: set IncludeDefaultRoles or define Roles, or nobody can read anything.");
        }

        foreach (var (roleName, role) in options.Roles)
        {
            if (string.IsNullOrWhiteSpace(roleName))
            {
                failures.Add("A role has an empty name.");
            }

            foreach (var field in role.Fields.Keys.Where(f => !CustomerFields.All.Contains(f)))
            {
                failures.Add(string.Concat("Role '", roleName, "' names unknown field '", field, "'. Known fields: ",
                    string.Join(", ", CustomerFields.All), "; use CustomFields for the CRM's own fields."));
            }

            foreach (var view in role.Views.Where(v => !Enum.IsDefined(v)))
            {
                failures.Add(string.Concat("Role '", roleName, "' names unknown view '", view.ToString(), "'."));
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
