using System;
using System.Collections.Generic;
using System.Linq;

namespace CallCrm.Connectors.Security.Access;

/// <summary>What one caller may read: the union of the grants of the caller's known roles. Resolve it once per request with
/// <see cref="ICustomerDataAccessPolicy.Resolve"/> and use it for every check and filter of that request.</summary>
public sealed class CustomerDataAccess
{
    private readonly IReadOnlyList<RoleAccessOptions> grants;
    private readonly HashSet<DataView> views;

    internal CustomerDataAccess(IReadOnlyList<string> roles, IReadOnlyList<RoleAccessOptions> grants)
    {
        Roles = roles;
        this.grants = grants;
        views = [.. grants.SelectMany(g => g.Views)];
    }

    /// <summary>Gets an access that grants nothing (an unauthenticated caller, or one without a known role).</summary>
    public static CustomerDataAccess None { get; } = new([], []);

    /// <summary>Gets the caller's roles the policy knows, in policy order; empty when the caller may read nothing.</summary>
    public IReadOnlyList<string> Roles { get; }

    /// <summary>Gets whether the caller may read nothing at all.</summary>
    public bool IsDenied => grants.Count == 0;

    /// <summary>Gets whether the caller may read a view.</summary>
    /// <param name="view">The view.</param>
    /// <returns><see langword="true"/> when one of the caller's roles grants the view.</returns>
    public bool CanRead(DataView view) => views.Contains(view);

    /// <summary>Gets how much of a standard field the caller may see.</summary>
    /// <param name="field">A name from <see cref="CustomerFields"/>.</param>
    /// <returns>The most any of the caller's roles grants; <see cref="FieldAccess.Hidden"/> when none names the field.</returns>
    public FieldAccess GetFieldAccess(string field)
    {
        ArgumentNullException.ThrowIfNull(field);
        var access = FieldAccess.Hidden;
        foreach (var grant in grants)
        {
            if (grant.Fields.TryGetValue(field, out var granted) && granted > access)
            {
                access = granted;
            }
        }

        return access;
    }

    /// <summary>Gets how much of a custom field the caller may see.</summary>
    /// <param name="name">The CRM's name of the custom field.</param>
    /// <returns>The most any of the caller's roles grants.</returns>
    public FieldAccess GetCustomFieldAccess(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var access = FieldAccess.Hidden;
        foreach (var grant in grants)
        {
            var granted = grant.CustomFields.TryGetValue(name, out var specific) ? specific : grant.DefaultCustomFieldAccess;
            if (granted > access)
            {
                access = granted;
            }
        }

        return access;
    }
}
