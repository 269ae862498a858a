using System;
using System.Collections.Generic;
using System.Security.Claims;

namespace CallCrm.Connectors.Security.Access;

/// <summary>Configures role-based access to customer data. Bind from configuration (section <c>CallCrm:Security:Access</c> by convention) or use
/// <see cref="CustomerDataAccessBuilder"/>.</summary>
public sealed class CustomerDataAccessOptions
{
    /// <summary>Gets or sets the claim type the caller's roles are read from.</summary>
    /// <value>The default value is <see cref="ClaimTypes.Role"/>.</value>
    public string RoleClaimType { get; set; } = ClaimTypes.Role;

    /// <summary>Gets or sets whether the built-in <see cref="CustomerDataRoles"/> apply to roles not defined in <see cref="Roles"/>.</summary>
    /// <value>The default value is <see langword="true"/>. A role defined in <see cref="Roles"/> replaces the built-in role of the same name entirely.</value>
    public bool IncludeDefaultRoles { get; set; } = true;

    /// <summary>Gets the roles, by name (case-insensitive).</summary>
    /// <value>The default value is empty (the built-in roles apply when <see cref="IncludeDefaultRoles"/> is set).</value>
    public IDictionary<string, RoleAccessOptions> Roles { get; } = new Dictionary<string, RoleAccessOptions>(StringComparer.OrdinalIgnoreCase);
}
