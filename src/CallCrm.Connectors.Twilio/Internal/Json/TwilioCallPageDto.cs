using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace CallCrm.Connectors.Twilio.Internal.Json;

/// <summary>One page of the calls list.</summary>
internal sealed class TwilioCallPageDto
{
    [JsonPropertyName("calls")]
    public List<TwilioCallDto>? Calls { get; set; }

    /// <summary>The next page, relative to the API host and repeating the filters; null on the last page.</summary>
    [JsonPropertyName("next_page_uri")]
    public string? NextPageUri { get; set; }
}
