using System.Text.Json.Serialization;

namespace CallCrm.Connectors.Http.Authentication;

/// <summary>Source-generated serialization of <see cref="TokenResponse"/>.</summary>
[JsonSerializable(typeof(TokenResponse))]
internal sealed partial class TokenJsonContext : JsonSerializerContext;
