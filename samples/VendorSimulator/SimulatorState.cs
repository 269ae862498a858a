using System.Text.Json.Nodes;

namespace CallCrm.Connectors.VendorSimulator;

/// <summary>What <c>GET /_sim/state</c> reports: exact counts of stored objects, requests and injected faults.</summary>
public sealed record SimulatorState
{
    /// <summary>Gets how many calls the Twilio account holds.</summary>
    public int TwilioCalls { get; init; }

    /// <summary>Gets how many call engagements HubSpot holds.</summary>
    public int HubSpotCalls { get; init; }

    /// <summary>Gets how many call engagements repeat a <c>callcrm_source_call_id</c> stored before (extra copies; 0 = no duplicates).</summary>
    public int HubSpotDuplicateCalls { get; init; }

    /// <summary>Gets how many contacts HubSpot holds.</summary>
    public int HubSpotContacts { get; init; }

    /// <summary>Gets how many tickets HubSpot holds.</summary>
    public int HubSpotTickets { get; init; }

    /// <summary>Gets how many tag deliveries the call system accepted with a new event id.</summary>
    public long TagsPushed { get; init; }

    /// <summary>Gets how many tag deliveries repeated an event id already processed (idempotent replays).</summary>
    public long TagPushReplays { get; init; }

    /// <summary>Gets how many customers the call system holds tags for.</summary>
    public int CallSystemCustomers { get; init; }

    /// <summary>Gets how many vendor requests arrived (admin requests excluded).</summary>
    public long Requests { get; init; }

    /// <summary>Gets how many 429 responses were served.</summary>
    public long Throttled { get; init; }

    /// <summary>Gets how many injected 500/503 responses were served.</summary>
    public long ErrorsInjected { get; init; }

    /// <summary>Gets how many requests were made to hang.</summary>
    public long TimeoutsInjected { get; init; }

    /// <summary>Gets how many connections were dropped before handling.</summary>
    public long DropsInjected { get; init; }

    /// <summary>Gets how many writes were applied and their responses dropped.</summary>
    public long LostResponses { get; init; }

    /// <summary>Gets how many requests failed because of an outage.</summary>
    public long OutageRejections { get; init; }

    /// <summary>Renders the state as <c>GET /_sim/state</c> sends it (camelCase integers).</summary>
    /// <returns>The JSON object.</returns>
    public JsonObject ToJson() => new()
    {
        ["twilioCalls"] = TwilioCalls,
        ["hubspotCalls"] = HubSpotCalls,
        ["hubspotDuplicateCalls"] = HubSpotDuplicateCalls,
        ["hubspotContacts"] = HubSpotContacts,
        ["hubspotTickets"] = HubSpotTickets,
        ["tagsPushed"] = TagsPushed,
        ["tagPushReplays"] = TagPushReplays,
        ["callSystemCustomers"] = CallSystemCustomers,
        ["requests"] = Requests,
        ["throttled"] = Throttled,
        ["errorsInjected"] = ErrorsInjected,
        ["timeoutsInjected"] = TimeoutsInjected,
        ["dropsInjected"] = DropsInjected,
        ["lostResponses"] = LostResponses,
        ["outageRejections"] = OutageRejections,
    };
}
