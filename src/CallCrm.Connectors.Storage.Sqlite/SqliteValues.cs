using System;
using System.Runtime.InteropServices;
using NodaTime;
using NodaTime.Text;

namespace CallCrm.Connectors.Storage.Sqlite;

/// <summary>Conversions between the state records' values and the values stored in SQLite columns.</summary>
internal static class SqliteValues
{
    // Unix nanoseconds in a 64-bit integer cover 1677-09-21 to 2262-04-11: every time the SDK itself records.
    private static readonly Instant MinNanosecondInstant = Instant.FromUnixTimeTicks(long.MinValue / 100) + Duration.FromTicks(1);
    private static readonly Instant MaxNanosecondInstant = Instant.FromUnixTimeTicks(long.MaxValue / 100) - Duration.FromTicks(1);

    /// <summary>Converts an instant to store to Unix nanoseconds; an instant outside the range is refused rather than stored wrongly.</summary>
    public static long ToUnixNanoseconds(Instant instant, string name)
    {
        if (instant < MinNanosecondInstant || instant > MaxNanosecondInstant)
        {
            throw new ArgumentOutOfRangeException(name, instant, "The SQLite state store keeps this time as Unix nanoseconds, which cover the years 1677 to 2262.");
        }

        return (instant - NodaConstants.UnixEpoch).ToInt64Nanoseconds();
    }

    /// <summary>Converts an instant used only as a bound in a comparison, saturating at the ends of the range
    /// (every stored value is inside it, so the comparison's outcome is unchanged).</summary>
    public static long ToUnixNanosecondsBound(Instant instant) =>
        instant < MinNanosecondInstant ? long.MinValue
        : instant > MaxNanosecondInstant ? long.MaxValue
        : (instant - NodaConstants.UnixEpoch).ToInt64Nanoseconds();

    public static Instant FromUnixNanoseconds(long nanoseconds) => NodaConstants.UnixEpoch + Duration.FromNanoseconds(nanoseconds);

    /// <summary>Formats a checkpoint timestamp losslessly over NodaTime's whole range (down to <see cref="Instant.MinValue"/>).</summary>
    public static string ToIsoText(Instant instant) => InstantPattern.ExtendedIso.Format(instant);

    public static Instant FromIsoText(string text) => InstantPattern.ExtendedIso.Parse(text).GetValueOrThrow();

    /// <summary>Gets the payload as the array SQLite binds, without copying when the memory already is a whole array.</summary>
    public static byte[] ToArray(ReadOnlyMemory<byte> payload) =>
        MemoryMarshal.TryGetArray(payload, out var segment) && segment.Array is { } array && segment.Offset == 0 && segment.Count == array.Length
            ? array
            : payload.ToArray();

    public static object OrDbNull(string? value) => value is null ? DBNull.Value : value;

    public static object OrDbNull(long? value) => value is { } v ? v : DBNull.Value;
}
