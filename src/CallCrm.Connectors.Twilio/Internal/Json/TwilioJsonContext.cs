using System.Text.Json.Serialization;

namespace CallCrm.Connectors.Twilio.Internal.Json;

/// <summary>Source-generated JSON metadata of Twilio's payloads: no reflection, trimming-safe.</summary>
[JsonSourceGenerationOptions(GenerationMode = JsonSourceGenerationMode.Metadata)]
[JsonSerializable(typeof(TwilioCallPageDto))]
[JsonSerializable(typeof(TwilioRecordingPageDto))]
internal sealed partial class TwilioJsonContext : JsonSerializerContext
{
}
