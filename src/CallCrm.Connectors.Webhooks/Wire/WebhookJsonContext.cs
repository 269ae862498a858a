using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading;

namespace CallCrm.Connectors.Webhooks.Wire;

/// <summary>Source-generated serialization of the wire types: no reflection, trimming-safe.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    PropertyNameCaseInsensitive = true)]
[JsonSerializable(typeof(TagPushPayload))]
[JsonSerializable(typeof(TagPushResponse))]
internal sealed partial class WebhookJsonContext : JsonSerializerContext
{
    private static WebhookJsonContext? wire;

    /// <summary>Gets the context the wire uses: non-ASCII text (Chinese tag values) written as UTF-8 rather than
    /// <c>\uXXXX</c> escapes, as the SDK's contracts do; the body is data, never embedded in HTML.</summary>
    /// <remarks>Built on first use: the generated <see cref="Default"/> lives in another part of this partial class,
    /// whose initialization order relative to this one is not defined.</remarks>
    public static WebhookJsonContext Wire => LazyInitializer.EnsureInitialized(ref wire, static () => new(new JsonSerializerOptions(Default.Options)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        TypeInfoResolver = null,
    }));
}
