namespace CallCrm.Connectors.Security.Access;

/// <summary>The names of the roles the default policy knows. Role names are compared case-insensitively.</summary>
public static class CustomerDataRoles
{
    /// <summary>A contact-center agent: the basic profile (contact details masked), tags and recent tickets.</summary>
    public const string Agent = nameof(Agent);

    /// <summary>A team supervisor: what an agent sees, the e-mail address, recent calls and recordings.</summary>
    public const string Supervisor = nameof(Supervisor);

    /// <summary>A manager: every field unmasked, plus reports, aggregates and exports.</summary>
    public const string Manager = nameof(Manager);

    /// <summary>An auditor: the audit log and a masked profile to make sense of it.</summary>
    public const string Auditor = nameof(Auditor);
}
