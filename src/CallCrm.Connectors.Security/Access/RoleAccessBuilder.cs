using System;

namespace CallCrm.Connectors.Security.Access;

/// <summary>Grants views and fields to one role; see <see cref="CustomerDataAccessBuilder.Role"/>.</summary>
public sealed class RoleAccessBuilder
{
    private readonly RoleAccessOptions role;

    internal RoleAccessBuilder(RoleAccessOptions role) => this.role = role;

    /// <summary>Lets the role read views.</summary>
    /// <param name="views">The views.</param>
    /// <returns>The builder.</returns>
    public RoleAccessBuilder CanRead(params DataView[] views)
    {
        ArgumentNullException.ThrowIfNull(views);
        foreach (var view in views)
        {
            if (!role.Views.Contains(view))
            {
                role.Views.Add(view);
            }
        }

        return this;
    }

    /// <summary>Takes views away from the role.</summary>
    /// <param name="views">The views.</param>
    /// <returns>The builder.</returns>
    public RoleAccessBuilder CannotRead(params DataView[] views)
    {
        ArgumentNullException.ThrowIfNull(views);
        foreach (var view in views)
        {
            role.Views.Remove(view);
        }

        return this;
    }

    /// <summary>Shows fields as they are.</summary>
    /// <param name="fields">Names from <see cref="CustomerFields"/>.</param>
    /// <returns>The builder.</returns>
    public RoleAccessBuilder Show(params string[] fields) => Set(FieldAccess.Visible, fields);

    /// <summary>Shows fields masked.</summary>
    /// <param name="fields">Names from <see cref="CustomerFields"/>.</param>
    /// <returns>The builder.</returns>
    public RoleAccessBuilder Mask(params string[] fields) => Set(FieldAccess.Masked, fields);

    /// <summary>Hides fields.</summary>
    /// <param name="fields">Names from <see cref="CustomerFields"/>.</param>
    /// <returns>The builder.</returns>
    public RoleAccessBuilder Hide(params string[] fields) => Set(FieldAccess.Hidden, fields);

    /// <summary>Sets the access to one of the CRM's custom fields.</summary>
    /// <param name="name">The CRM's field name.</param>
    /// <param name="access">The access.</param>
    /// <returns>The builder.</returns>
    public RoleAccessBuilder CustomField(string name, FieldAccess access)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        role.CustomFields[name] = access;
        return this;
    }

    /// <summary>Sets the access to custom fields not named with <see cref="CustomField"/>.</summary>
    /// <param name="access">The access.</param>
    /// <returns>The builder.</returns>
    public RoleAccessBuilder OtherCustomFields(FieldAccess access)
    {
        role.DefaultCustomFieldAccess = access;
        return this;
    }

    private RoleAccessBuilder Set(FieldAccess access, string[] fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        foreach (var field in fields)
        {
            if (!CustomerFields.All.Contains(field))
            {
                throw new ArgumentException(string.Concat("Unknown field '", field, "'; use CustomField for the CRM's own fields."), nameof(fields));
            }

            role.Fields[field] = access;
        }

        return this;
    }
}
