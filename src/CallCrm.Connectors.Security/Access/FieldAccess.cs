namespace CallCrm.Connectors.Security.Access;

/// <summary>How much of a customer field a role may see. Ordered: a higher value grants more.</summary>
public enum FieldAccess
{
    /// <summary>The field is removed (set to <see langword="null"/> or empty). The default for every field a policy does not name.</summary>
    Hidden = 0,

    /// <summary>The field is shown masked (for example <c>j***@e***.com</c>, <c>**********78</c>), enough to tell values apart but not to use them.</summary>
    Masked = 1,

    /// <summary>The field is shown as it is.</summary>
    Visible = 2,
}
