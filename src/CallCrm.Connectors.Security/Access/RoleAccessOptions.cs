using System;
using System.Collections.Generic;

namespace CallCrm.Connectors.Security.Access;

/// <summary>What one role may read: views, and per field how much of it.</summary>
/// <remarks>Everything not granted is denied: a view not listed cannot be read, a field not listed is hidden.</remarks>
public sealed class RoleAccessOptions
{
    /// <summary>Gets the views the role may read.</summary>
    /// <value>The default value is empty.</value>
    public IList<DataView> Views { get; } = new List<DataView>();

    /// <summary>Gets the access to each field, by the names in <see cref="CustomerFields"/> (case-insensitive).</summary>
    /// <value>The default value is empty: every field hidden.</value>
    public IDictionary<string, FieldAccess> Fields { get; } = new Dictionary<string, FieldAccess>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Gets the access to individual custom fields, by the CRM's field name (case-insensitive); overrides <see cref="DefaultCustomFieldAccess"/>.</summary>
    /// <value>The default value is empty.</value>
    public IDictionary<string, FieldAccess> CustomFields { get; } = new Dictionary<string, FieldAccess>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Gets or sets the access to custom fields not named in <see cref="CustomFields"/>.</summary>
    /// <value>The default value is <see cref="FieldAccess.Hidden"/>.</value>
    public FieldAccess DefaultCustomFieldAccess { get; set; } = FieldAccess.Hidden;
}
