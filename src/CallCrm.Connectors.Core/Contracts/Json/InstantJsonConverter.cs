using System;
using System.Text.Json;
using System.Text.Json.Serialization;
using NodaTime;
using NodaTime.Text;

namespace CallCrm.Connectors.Contracts.Json;

/// <summary>Reads and writes an <see cref="Instant"/> as an ISO-8601 UTC timestamp (<c>2026-11-23T14:05:00Z</c>,
/// with as many fraction digits as needed). <see cref="Nullable{T}"/> is handled by System.Text.Json around it.</summary>
internal sealed class InstantJsonConverter : JsonConverter<Instant>
{
    private static readonly InstantPattern Pattern = InstantPattern.ExtendedIso;

    public override Instant Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException("An instant must be a JSON string.");
        }

        var result = Pattern.Parse(reader.GetString()!);
        return result.Success ? result.Value : throw new JsonException("An instant must be an ISO-8601 UTC timestamp such as 2026-11-23T14:05:00Z.");
    }

    public override void Write(Utf8JsonWriter writer, Instant value, JsonSerializerOptions options) =>
        writer.WriteStringValue(Pattern.Format(value));
}
