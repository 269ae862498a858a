using System.Text.Json.Serialization;

namespace CallCrm.Connectors.Http.Authentication;

/// <summary>The token endpoint's answer (RFC 6749 section 5.1) or error (section 5.2).</summary>
internal sealed class TokenResponse
{
    [JsonPropertyName("access_token")]
    public string? AccessToken { get; set; }

    [JsonPropertyName("token_type")]
    public string? TokenType { get; set; }

    [JsonPropertyName("expires_in")]
    [JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)]
    public double? ExpiresIn { get; set; }

    [JsonPropertyName("error")]
    public string? Error { get; set; }
}
