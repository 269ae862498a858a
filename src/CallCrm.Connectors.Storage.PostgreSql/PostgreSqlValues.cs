using System;
using NodaTime;

namespace CallCrm.Connectors.Storage.PostgreSql;

/// <summary>Conversions between the state records' values and the store's columns.</summary>
/// <remarks>Times the store compares in SQL are Unix nanoseconds in <c>bigint</c> columns: lossless for every <see cref="Instant"/>
/// the SDK records (years 1677 to 2262), where <c>timestamptz</c> would round to microseconds and change the records read back.</remarks>
internal static class PostgreSqlValues
{
    private static readonly Instant MinNanosecondInstant = NodaConstants.UnixEpoch + Duration.FromNanoseconds(long.MinValue + 1);
    private static readonly Instant MaxNanosecondInstant = NodaConstants.UnixEpoch + Duration.FromNanoseconds(long.MaxValue - 1);

    /// <summary>Converts an instant to store; one outside the range is refused rather than stored wrongly.</summary>
    public static long ToUnixNanoseconds(Instant instant, string name)
    {
        if (instant < MinNanosecondInstant || instant > MaxNanosecondInstant)
        {
            throw new ArgumentOutOfRangeException(name, instant, "The PostgreSQL state store keeps this time as Unix nanoseconds, which cover the years 1677 to 2262.");
        }

        return (instant - NodaConstants.UnixEpoch).ToInt64Nanoseconds();
    }

    /// <summary>Converts an instant used only as a bound in a comparison, saturating at the ends of the range.</summary>
    public static long ToUnixNanosecondsBound(Instant instant) =>
        instant < MinNanosecondInstant ? long.MinValue
        : instant > MaxNanosecondInstant ? long.MaxValue
        : (instant - NodaConstants.UnixEpoch).ToInt64Nanoseconds();

    /// <summary>Adds a duration to a stored time, saturating instead of overflowing.</summary>
    public static long AddSaturating(long nanoseconds, TimeSpan duration)
    {
        var add = duration.Ticks > long.MaxValue / 100 ? long.MaxValue : duration.Ticks * 100;
        return nanoseconds > long.MaxValue - add ? long.MaxValue : nanoseconds + add;
    }

    public static Instant FromUnixNanoseconds(long nanoseconds) => NodaConstants.UnixEpoch + Duration.FromNanoseconds(nanoseconds);

    /// <summary>Splits a checkpoint watermark into whole Unix seconds (rounded down) and nanoseconds within the second: lossless over
    /// NodaTime's whole range, down to <see cref="Instant.MinValue"/> (the start watermark), and ordered as the pair.</summary>
    public static (long Seconds, int Nanoseconds) ToSecondsAndNanoseconds(Instant instant)
    {
        var seconds = instant.ToUnixTimeSeconds();
        var nanoseconds = (instant - Instant.FromUnixTimeSeconds(seconds)).ToInt64Nanoseconds();
        return (seconds, checked((int)nanoseconds));
    }

    public static Instant FromSecondsAndNanoseconds(long seconds, int nanoseconds) =>
        Instant.FromUnixTimeSeconds(seconds) + Duration.FromNanoseconds(nanoseconds);

    public static object OrDbNull(string? value) => value is null ? DBNull.Value : value;
}
