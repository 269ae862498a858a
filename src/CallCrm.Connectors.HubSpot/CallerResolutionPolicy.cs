namespace CallCrm.Connectors.HubSpot;

/// <summary>
/// Decides which record a call engagement is associated with when the customer's number belongs to several contacts
/// (a company's main line, a shared family phone). Whatever the policy, a call is written exactly once.
/// </summary>
public enum CallerResolutionPolicy
{
    /// <summary>Associate with the one contact most recently active (<c>notes_last_updated</c>, then <c>lastmodifieddate</c>).</summary>
    MostRecentlyActive = 0,

    /// <summary>Associate the one engagement with every contact sharing the number.</summary>
    AssociateWithAll = 1,

    /// <summary>
    /// Associate with the contacts' shared company (<c>associatedcompanyid</c>) when they all have the same one;
    /// otherwise leave the call unassociated and flag it for the agent.
    /// </summary>
    CompanyOnly = 2,

    /// <summary>Leave the call unassociated and flag it for the agent (a note in <c>hs_call_body</c> and, if configured, a flag property).</summary>
    UnassociatedAndFlag = 3,
}
