using System.Text.Json.Serialization;

namespace CallCrm.Connectors.Twilio.Internal.Json;

/// <summary>A recording as the account's recordings list sends it (<c>api.v2010.account.recording</c>).</summary>
internal sealed class TwilioRecordingDto
{
    [JsonPropertyName("sid")]
    public string? Sid { get; set; }

    [JsonPropertyName("call_sid")]
    public string? CallSid { get; set; }

    [JsonPropertyName("start_time")]
    public string? StartTime { get; set; }

    [JsonPropertyName("status")]
    public string? Status { get; set; }

    [JsonPropertyName("uri")]
    public string? Uri { get; set; }
}
