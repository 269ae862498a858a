namespace CallCrm.Connectors.Security.Access;

/// <summary>A kind of customer data a read API returns; a role may read a view or not.</summary>
public enum DataView
{
    /// <summary>The customer's profile (name, company, contact details, custom fields), as filtered by field access.</summary>
    Profile = 0,

    /// <summary>The customer's tags (VIP, complaint risk, language).</summary>
    Tags = 1,

    /// <summary>The customer's recent tickets.</summary>
    Tickets = 2,

    /// <summary>The customer's recent calls.</summary>
    RecentCalls = 3,

    /// <summary>Reports over calls and customers.</summary>
    Reports = 4,

    /// <summary>Aggregates (counts, totals, averages) over calls and customers.</summary>
    Aggregates = 5,

    /// <summary>Bulk exports of customer data.</summary>
    Exports = 6,

    /// <summary>The audit log.</summary>
    Audit = 7,
}
