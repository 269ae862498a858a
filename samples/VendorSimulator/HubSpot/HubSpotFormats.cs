using System;
using System.Globalization;

namespace CallCrm.Connectors.VendorSimulator.HubSpot;

/// <summary>HubSpot's wire formats: ISO 8601 UTC with milliseconds for dates; epoch milliseconds accepted on input.</summary>
internal static class HubSpotFormats
{
    public static string Date(DateTimeOffset value) =>
        value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>Parses a date property value or filter value: epoch milliseconds or ISO 8601.</summary>
    public static bool TryParseDate(string? value, out DateTimeOffset instant)
    {
        instant = default;
        if (string.IsNullOrEmpty(value))
        {
            return false;
        }

        if (long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var millis))
        {
            instant = DateTimeOffset.FromUnixTimeMilliseconds(millis);
            return true;
        }

        return (value.Contains('T', StringComparison.Ordinal) || value.Length == 10)
            && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out instant);
    }

    public static bool IsDateProperty(string name) => name is
        "createdate" or "lastmodifieddate" or "hs_createdate" or "hs_lastmodifieddate" or "hs_timestamp" or "closed_date";
}
