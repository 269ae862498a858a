using System.Text.Json.Serialization;

namespace CallCrm.Connectors.Twilio.Internal.Json;

/// <summary>A call as API 2010-04-01 sends it (<c>api.v2010.account.call</c>); only the fields the SDK reads.</summary>
internal sealed class TwilioCallDto
{
    [JsonPropertyName("sid")]
    public string? Sid { get; set; }

    [JsonPropertyName("date_created")]
    public string? DateCreated { get; set; }

    [JsonPropertyName("date_updated")]
    public string? DateUpdated { get; set; }

    [JsonPropertyName("parent_call_sid")]
    public string? ParentCallSid { get; set; }

    [JsonPropertyName("account_sid")]
    public string? AccountSid { get; set; }

    [JsonPropertyName("to")]
    public string? To { get; set; }

    [JsonPropertyName("from")]
    public string? From { get; set; }

    [JsonPropertyName("phone_number_sid")]
    public string? PhoneNumberSid { get; set; }

    [JsonPropertyName("status")]
    public string? Status { get; set; }

    [JsonPropertyName("start_time")]
    public string? StartTime { get; set; }

    [JsonPropertyName("end_time")]
    public string? EndTime { get; set; }

    /// <summary>Whole seconds as a string; null while the call is not over.</summary>
    [JsonPropertyName("duration")]
    public string? Duration { get; set; }

    [JsonPropertyName("price")]
    public string? Price { get; set; }

    [JsonPropertyName("price_unit")]
    public string? PriceUnit { get; set; }

    [JsonPropertyName("direction")]
    public string? Direction { get; set; }

    [JsonPropertyName("answered_by")]
    public string? AnsweredBy { get; set; }

    [JsonPropertyName("forwarded_from")]
    public string? ForwardedFrom { get; set; }

    [JsonPropertyName("group_sid")]
    public string? GroupSid { get; set; }

    [JsonPropertyName("caller_name")]
    public string? CallerName { get; set; }

    [JsonPropertyName("queue_time")]
    public string? QueueTime { get; set; }

    [JsonPropertyName("trunk_sid")]
    public string? TrunkSid { get; set; }
}
