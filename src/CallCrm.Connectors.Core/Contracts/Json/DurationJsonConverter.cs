using System;
using System.Text.Json;
using System.Text.Json.Serialization;
using NodaTime;
using NodaTime.Text;

namespace CallCrm.Connectors.Contracts.Json;

/// <summary>Reads and writes a <see cref="Duration"/> as an ISO-8601 duration in time units (<c>PT3M25S</c>,
/// <c>PT1H0.5S</c>; days for a day or more, <c>P1DT2H</c>).</summary>
/// <remarks>
/// ISO-8601 rather than NodaTime's round-trip form (<c>0:00:03:25</c>) because other languages read it natively.
/// Readers accept any ISO-8601 duration of fixed length (weeks, days and time units); years and months have no
/// fixed length and are refused.
/// </remarks>
internal sealed class DurationJsonConverter : JsonConverter<Duration>
{
    private static readonly PeriodPattern Pattern = PeriodPattern.NormalizingIso;

    public override Duration Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException("A duration must be a JSON string.");
        }

        var result = Pattern.Parse(reader.GetString()!);
        if (!result.Success || result.Value.HasDateComponent && (result.Value.Years != 0 || result.Value.Months != 0))
        {
            throw new JsonException("A duration must be an ISO-8601 duration without years or months, such as PT3M25S.");
        }

        return result.Value.ToDuration();
    }

    public override void Write(Utf8JsonWriter writer, Duration value, JsonSerializerOptions options) =>
        writer.WriteStringValue(Pattern.Format(Period.FromNanoseconds(value.ToInt64Nanoseconds()).Normalize()));
}
