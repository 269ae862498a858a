using System;
using System.Globalization;

namespace CallCrm.Connectors.VendorSimulator.Twilio;

/// <summary>Twilio's wire formats: RFC 2822 dates in UTC (<c>Tue, 24 Nov 2026 14:05:00 +0000</c>) and display numbers.</summary>
internal static class TwilioFormats
{
    public static string Date(DateTimeOffset value) =>
        value.ToUniversalTime().ToString("ddd, dd MMM yyyy HH:mm:ss '+0000'", CultureInfo.InvariantCulture);

    /// <summary>Twilio formats North American numbers as <c>(305) 141-6799</c> and every other number as E.164.</summary>
    public static string Formatted(string number) =>
        number.Length == 12 && number.StartsWith("+1", StringComparison.Ordinal)
            ? $"({number[2..5]}) {number[5..8]}-{number[8..]}"
            : number;

    /// <summary>
    /// Parses a date filter value as Twilio accepts it: <c>YYYY-MM-DD</c> (a whole UTC day) or a date-time
    /// (ISO 8601 or RFC 2822; without an offset it is UTC). Returns the instant and whether it was a date only.
    /// </summary>
    public static bool TryParseFilter(string value, out DateTimeOffset instant, out bool dateOnly)
    {
        dateOnly = false;
        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            dateOnly = true;
            instant = new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            return true;
        }

        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out instant);
    }
}
