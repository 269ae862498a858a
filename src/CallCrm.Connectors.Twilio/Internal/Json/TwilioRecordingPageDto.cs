using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace CallCrm.Connectors.Twilio.Internal.Json;

/// <summary>One page of the account's recordings list.</summary>
internal sealed class TwilioRecordingPageDto
{
    [JsonPropertyName("recordings")]
    public List<TwilioRecordingDto>? Recordings { get; set; }

    [JsonPropertyName("next_page_uri")]
    public string? NextPageUri { get; set; }
}
