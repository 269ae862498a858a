using System;

namespace CallCrm.Connectors.VendorSimulator.HubSpot;

/// <summary>The CRM object types the simulator holds, their names and ids, and HubSpot's default association type ids.</summary>
internal static class HubSpotObjectTypes
{
    public const string Contacts = "contacts";
    public const string Calls = "calls";
    public const string Tickets = "tickets";

    /// <summary>The custom call property declared unique: the call system's id of the call.</summary>
    public const string SourceCallIdProperty = "callcrm_source_call_id";

    /// <summary>The contact property holding tags: semicolon-separated values, as HubSpot stores multi-checkbox values.</summary>
    public const string TagsProperty = "callcrm_tags";

    /// <summary>Accepts plural, singular and object type ids (<c>0-1</c> contacts, <c>0-48</c> calls, <c>0-5</c> tickets).</summary>
    public static string? Normalize(string name) => name.ToLowerInvariant() switch
    {
        "contacts" or "contact" or "0-1" => Contacts,
        "calls" or "call" or "0-48" => Calls,
        "tickets" or "ticket" or "0-5" => Tickets,
        _ => null,
    };

    /// <summary>HubSpot-defined default association type ids, and the id of the reverse direction.</summary>
    public static int? DefaultTypeId(string from, string to) => (from, to) switch
    {
        (Calls, Contacts) => 194,
        (Contacts, Calls) => 193,
        (Contacts, Tickets) => 15,
        (Tickets, Contacts) => 16,
        (Calls, Tickets) => 220,
        (Tickets, Calls) => 219,
        _ => null,
    };

    public static string[] DefaultProperties(string objectType) => objectType switch
    {
        Contacts => ["createdate", "email", "firstname", "hs_object_id", "lastmodifieddate", "lastname"],
        Tickets => ["content", "createdate", "hs_lastmodifieddate", "hs_object_id", "hs_pipeline", "hs_pipeline_stage", "hs_ticket_category", "hs_ticket_priority", "subject"],
        _ => ["hs_createdate", "hs_lastmodifieddate", "hs_object_id"],
    };

    public static string LastModifiedProperty(string objectType) =>
        string.Equals(objectType, Contacts, StringComparison.Ordinal) ? "lastmodifieddate" : "hs_lastmodifieddate";

    public static string CreatedProperty(string objectType) =>
        string.Equals(objectType, Calls, StringComparison.Ordinal) ? "hs_createdate" : "createdate";
}
