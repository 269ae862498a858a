using System;
using System.Globalization;
using NodaTime;
using NodaTime.Text;

namespace CallCrm.Connectors.HubSpot.Internal;

/// <summary>HubSpot's value formats: dates as ISO 8601 UTC with milliseconds (epoch milliseconds accepted on input).</summary>
internal static class HubSpotValues
{
    private static readonly InstantPattern Iso = InstantPattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm':'ss.fff'Z'");

    public static string Format(Instant instant) => Iso.Format(instant);

    public static Instant? ParseInstant(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var millis))
        {
            return Instant.FromUnixTimeMilliseconds(millis);
        }

        var parsed = InstantPattern.ExtendedIso.Parse(value);
        if (parsed.Success)
        {
            return parsed.Value;
        }

        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var offset)
            ? Instant.FromDateTimeOffset(offset)
            : null;
    }

    /// <summary>Record ids are numeric strings of varying length: compare them as numbers, not ordinally.</summary>
    public static int CompareIds(string left, string right)
    {
        var byLength = left.Length.CompareTo(right.Length);
        return byLength != 0 && IsDigits(left) && IsDigits(right) ? byLength : string.CompareOrdinal(left, right);
    }

    private static bool IsDigits(string value)
    {
        foreach (var c in value)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return value.Length > 0 && value[0] != '0';
    }
}
