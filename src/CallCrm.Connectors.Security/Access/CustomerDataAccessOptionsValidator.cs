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
            failures.Add(ValidationText.Get("Access.RoleClaimType"));
        }

        if (!options.IncludeDefaultRoles && options.Roles.Count == 0)
        {
            failures.Add(ValidationText.Get("Access.NoRole"));
        }

        foreach (var (roleName, role) in options.Roles)
        {
            if (string.IsNullOrWhiteSpace(roleName))
            {
                failures.Add(ValidationText.Get("Access.EmptyRoleName"));
            }

            foreach (var field in role.Fields.Keys.Where(f => !CustomerFields.All.Contains(f)))
            {
                failures.Add(ValidationText.Format("Access.UnknownField", roleName, field, string.Join(", ", CustomerFields.All)));
            }

            foreach (var view in role.Views.Where(v => !Enum.IsDefined(v)))
            {
                failures.Add(ValidationText.Format("Access.UnknownView", roleName, view.ToString()));
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
