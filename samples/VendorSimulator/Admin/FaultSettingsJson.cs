using System;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using CallCrm.Connectors.VendorSimulator.Faults;

namespace CallCrm.Connectors.VendorSimulator.Admin;

/// <summary>
/// The JSON of <c>/_sim/faults</c>. A POST names a vendor (<c>twilio</c>, <c>hubspot</c>, <c>callsystem</c>, or
/// <c>all</c> when omitted) and only the fields it carries change.
/// </summary>
internal static class FaultSettingsJson
{
    public static JsonObject ToJson(FaultSettings settings) => new()
    {
        ["twilio"] = ToJson(settings.Twilio),
        ["hubspot"] = ToJson(settings.HubSpot),
        ["callsystem"] = ToJson(settings.CallSystem),
        ["hubspotTenSecondLimit"] = settings.HubSpotTenSecondLimit,
        ["hubspotDailyLimit"] = settings.HubSpotDailyLimit,
        ["hubspotSearchPerSecond"] = settings.HubSpotSearchPerSecond,
        ["hubspotOutageAfterCalls"] = settings.HubSpotOutageAfterCalls,
        ["hubspotUnnamedValidationErrors"] = settings.HubSpotUnnamedValidationErrors,
        ["twilioConcurrencyLimit"] = settings.TwilioConcurrencyLimit,
        ["twilioRequestsPerSecond"] = settings.TwilioRequestsPerSecond,
        ["twilioRetryAfter"] = settings.TwilioRetryAfter,
    };

    public static FaultSettings Apply(FaultSettings settings, JsonObject body)
    {
        var vendor = body["vendor"]?.GetValue<string>()?.ToLowerInvariant() ?? "all";
        SimulatedVendor[] vendors = vendor switch
        {
            "all" => [SimulatedVendor.Twilio, SimulatedVendor.HubSpot, SimulatedVendor.CallSystem],
            "twilio" => [SimulatedVendor.Twilio],
            "hubspot" => [SimulatedVendor.HubSpot],
            "callsystem" => [SimulatedVendor.CallSystem],
            _ => throw new ArgumentException($"Unknown vendor '{vendor}': use twilio, hubspot, callsystem or all."),
        };

        foreach (var v in vendors)
        {
            settings = settings.With(v, Apply(settings.For(v), body));
        }

        return settings with
        {
            HubSpotTenSecondLimit = body.ContainsKey("hubspotTenSecondLimit") ? body["hubspotTenSecondLimit"]?.GetValue<int>() : settings.HubSpotTenSecondLimit,
            HubSpotDailyLimit = body.ContainsKey("hubspotDailyLimit") ? body["hubspotDailyLimit"]?.GetValue<int>() : settings.HubSpotDailyLimit,
            HubSpotOutageAfterCalls = body.ContainsKey("hubspotOutageAfterCalls") ? body["hubspotOutageAfterCalls"]?.GetValue<int>() : settings.HubSpotOutageAfterCalls,
            HubSpotUnnamedValidationErrors = body["hubspotUnnamedValidationErrors"]?.GetValue<bool>() ?? settings.HubSpotUnnamedValidationErrors,
            HubSpotSearchPerSecond = body["hubspotSearchPerSecond"]?.GetValue<int>() ?? settings.HubSpotSearchPerSecond,
            TwilioConcurrencyLimit = body["twilioConcurrencyLimit"]?.GetValue<int>() ?? settings.TwilioConcurrencyLimit,
            TwilioRequestsPerSecond = body["twilioRequestsPerSecond"]?.GetValue<int>() ?? settings.TwilioRequestsPerSecond,
            TwilioRetryAfter = body["twilioRetryAfter"]?.GetValue<bool>() ?? settings.TwilioRetryAfter,
        };
    }

    private static VendorFaults Apply(VendorFaults faults, JsonObject body) => faults with
    {
        ErrorRate = body["errorRate"]?.GetValue<double>() ?? faults.ErrorRate,
        LatencyMs = body["latencyMs"]?.GetValue<int>() ?? faults.LatencyMs,
        TimeoutRate = body["timeoutRate"]?.GetValue<double>() ?? faults.TimeoutRate,
        DropRate = body["dropRate"]?.GetValue<double>() ?? faults.DropRate,
        LostResponseRate = body["lostResponseRate"]?.GetValue<double>() ?? faults.LostResponseRate,
        Outage = body["outage"]?.GetValue<bool>() ?? faults.Outage,
        OutageStart = body.ContainsKey("outageStart") ? Date(body["outageStart"]) : faults.OutageStart,
        OutageEnd = body.ContainsKey("outageEnd") ? Date(body["outageEnd"]) : faults.OutageEnd,
        OutageMode = body["outageMode"]?.GetValue<string>() is { } mode
            ? Enum.Parse<OutageMode>(mode, ignoreCase: true)
            : faults.OutageMode,
    };

    private static DateTimeOffset? Date(JsonNode? node) =>
        node is null ? null : DateTimeOffset.Parse(node.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    private static JsonObject ToJson(VendorFaults faults) => new()
    {
        ["errorRate"] = faults.ErrorRate,
        ["latencyMs"] = faults.LatencyMs,
        ["timeoutRate"] = faults.TimeoutRate,
        ["dropRate"] = faults.DropRate,
        ["lostResponseRate"] = faults.LostResponseRate,
        ["outage"] = faults.Outage,
        ["outageStart"] = faults.OutageStart?.ToString("O", CultureInfo.InvariantCulture),
        ["outageEnd"] = faults.OutageEnd?.ToString("O", CultureInfo.InvariantCulture),
        ["outageMode"] = JsonNamingPolicy.CamelCase.ConvertName(faults.OutageMode.ToString()),
    };
}
