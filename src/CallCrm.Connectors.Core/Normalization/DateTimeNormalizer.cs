using System;
using System.Globalization;
using Microsoft.Extensions.Options;
using NodaTime;
using NodaTime.Text;
using NodaTime.TimeZones;

namespace CallCrm.Connectors.Normalization;

/// <summary>
/// Reads the dates and times that call systems and CRMs send, in whatever common format, as NodaTime
/// <see cref="NodaTime.Instant"/> values. Bad input never throws: the result says what is wrong.
/// </summary>
/// <remarks>
/// <para>Accepted formats (after <see cref="TextCleaner"/> has trimmed the value and turned full-width digits into ASCII):</para>
/// <list type="bullet">
/// <item><description>ISO 8601 with <c>Z</c>, with an offset (<c>+08:00</c>, <c>+0800</c>, <c>+08</c>) or without one,
/// with <c>T</c> or a space between date and time, seconds and fractional seconds (up to nine digits, after <c>.</c> or
/// <c>,</c>) optional, a trailing <c>UTC</c> or <c>GMT</c> read as <c>Z</c>, and ISO's end of day <c>24:00:00</c> read
/// as midnight at the start of the next day;</description></item>
/// <item><description>year first with slashes or dots: <c>2026/11/23 14:05[:ss]</c>, <c>2026/1/5</c>;</description></item>
/// <item><description>Chinese: <c>2026年11月23日 14:05</c>, <c>2026年11月23日14时05分[00秒]</c> (<c>点</c> is read as <c>时</c>);</description></item>
/// <item><description>RFC 1123 / RFC 5322: <c>Tue, 24 Nov 2026 14:05:00 +0000</c>, with <c>GMT</c>, <c>UT</c>, <c>UTC</c>,
/// <c>Z</c> or the North American zone names, the day of the week optional but checked when present;</description></item>
/// <item><description>Unix timestamps as bare numbers, optionally negative or with a fraction;</description></item>
/// <item><description>the legacy Microsoft JSON form <c>/Date(ms)/</c> or <c>/Date(ms+zzzz)/</c>, whose number is UTC
/// (the offset only says where the writer was, so it is checked but does not move the instant);</description></item>
/// <item><description>dates alone (<c>2026-11-23</c>, <c>2026/11/23</c>, <c>2026年11月23日</c>), read as the start of that
/// day in the zone.</description></item>
/// </list>
/// <para>A local time without offset is read in <see cref="Zone"/>. A local time skipped by a daylight-saving gap is
/// moved forward by the length of the gap (02:30 on the morning New York springs forward is 03:30 EDT); an ambiguous
/// one, repeated when clocks fall back, takes the earlier offset (01:30 on the morning New York falls back is 01:30 EDT).
/// </para>
/// <para>Unix numbers are told apart by magnitude: an absolute value below 10<sup>11</sup> is seconds (up to the year
/// 5138), from 10<sup>11</sup> up to 10<sup>14</sup> it is milliseconds (from March 1973 to the year 5138), and anything
/// larger is refused as <see cref="DateTimeFailureReason.OutOfRange"/>. Milliseconds before March 1973 are therefore
/// misread as seconds; call data that old does not exist. <c>0</c> is the Unix epoch: map a source's "no value" sentinel
/// before normalizing. Eight-digit numbers are timestamps too, not <c>yyyyMMdd</c> dates.</para>
/// <para>Parsing is culture-invariant: ISO forms are parsed by NodaTime's ISO patterns (<see cref="InstantPattern"/>,
/// <see cref="OffsetDateTimePattern"/>, <see cref="LocalDateTimePattern"/>, <see cref="LocalDatePattern"/>); the other
/// forms are rewritten into the ISO form by a single pass over the text (no regular expressions) and parsed the same
/// way, so that NodaTime alone decides which dates, times and offsets exist. The most common forms are tried first.
/// Instances are immutable and thread-safe.</para>
/// </remarks>
public sealed class DateTimeNormalizer
{
    private const long UnixSecondsLimit = 100_000_000_000L;
    private const long UnixMillisecondsLimit = 100_000_000_000_000L;
    private const int MaxUnixDigits = 15;

    private readonly bool acceptUnixTimestamps;

    /// <summary>Initializes a new instance of the <see cref="DateTimeNormalizer"/> class.</summary>
    /// <param name="options">The options.</param>
    /// <exception cref="OptionsValidationException">The options are not valid (no zone, or a zone the IANA database does not know).</exception>
    public DateTimeNormalizer(DateTimeNormalizerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Zone = DateTimeNormalizerOptionsValidator.ResolveZone(options);
        acceptUnixTimestamps = options.AcceptUnixTimestamps;
    }

    /// <summary>Initializes a new instance of the <see cref="DateTimeNormalizer"/> class.</summary>
    /// <param name="options">The options.</param>
    /// <exception cref="OptionsValidationException">The options are not valid (no zone, or a zone the IANA database does not know).</exception>
    public DateTimeNormalizer(IOptions<DateTimeNormalizerOptions> options)
        : this((options ?? throw new ArgumentNullException(nameof(options))).Value)
    {
    }

    /// <summary>Gets the zone in which local times and dates are read.</summary>
    public DateTimeZone Zone { get; }

    /// <summary>Reads a date and time.</summary>
    /// <param name="raw">The value as the source sent it.</param>
    /// <returns>The instant, or why the value could not be read.</returns>
    public DateTimeNormalizationResult Normalize(string? raw)
    {
        if (string.IsNullOrEmpty(raw))
        {
            return Empty();
        }

        string text = TextCleaner.Default.Clean(raw);
        if (text.Length == 0)
        {
            return Empty();
        }

        if (TryParseIsoDirectly(text, out DateTimeNormalizationResult result))
        {
            return result;
        }

        if (text[0] is '/' or '\\')
        {
            return ParseMicrosoftJsonDate(text);
        }

        if (IsUnixNumber(text))
        {
            return ParseUnixNumber(text);
        }

        Span<char> canonical = stackalloc char[DateTimeTextReader.MaxCanonicalLength];
        return DateTimeTextReader.TryRead(text, canonical, out DateTimeTextReader.Reading reading)
            ? ParseCanonical(canonical[..reading.Length], reading)
            : DateTimeNormalizationResult.Failure(
                DateTimeFailureReason.UnrecognizedFormat,
                "The value is in none of the accepted date and time formats.");
    }

    private static DateTimeNormalizationResult Empty() =>
        DateTimeNormalizationResult.Failure(DateTimeFailureReason.Empty, "The value is empty.");

    // Fast path: text already in NodaTime's extended ISO form parses without being copied.
    private bool TryParseIsoDirectly(string text, out DateTimeNormalizationResult result)
    {
        result = default;
        if (text.Length < 10 || text[4] != '-' || text[7] != '-')
        {
            return false;
        }

        if (text.Length == 10)
        {
            ParseResult<LocalDate> date = LocalDatePattern.Iso.Parse(text);
            result = date.Success ? StartOfDay(date.Value, DateTimeInputFormat.Iso8601) : default;
            return date.Success;
        }

        if (text.Length < 19 || text[10] != 'T' || text[13] != ':' || text[16] != ':')
        {
            return false;
        }

        if (text[^1] == 'Z')
        {
            ParseResult<Instant> instant = InstantPattern.ExtendedIso.Parse(text);
            result = instant.Success ? DateTimeNormalizationResult.Success(instant.Value, DateTimeInputFormat.Iso8601) : default;
            return instant.Success;
        }

        if (text.AsSpan(19).IndexOfAny('+', '-') >= 0)
        {
            ParseResult<OffsetDateTime> offset = OffsetDateTimePattern.ExtendedIso.Parse(text);
            result = offset.Success ? DateTimeNormalizationResult.Success(offset.Value.ToInstant(), DateTimeInputFormat.Iso8601) : default;
            return offset.Success;
        }

        ParseResult<LocalDateTime> local = LocalDateTimePattern.ExtendedIso.Parse(text);
        result = local.Success ? InZone(local.Value, DateTimeInputFormat.Iso8601) : default;
        return local.Success;
    }

    private DateTimeNormalizationResult ParseCanonical(ReadOnlySpan<char> canonical, DateTimeTextReader.Reading reading)
    {
        string text = canonical.ToString();
        if (!reading.HasTime)
        {
            ParseResult<LocalDate> date = LocalDatePattern.Iso.Parse(text);
            return date.Success ? StartOfDay(date.Value, reading.Format) : Explain(canonical, reading);
        }

        if (!reading.HasOffset)
        {
            ParseResult<LocalDateTime> local = LocalDateTimePattern.ExtendedIso.Parse(text);
            return local.Success ? InZone(local.Value, reading.Format) : Explain(canonical, reading);
        }

        ParseResult<OffsetDateTime> offset = OffsetDateTimePattern.ExtendedIso.Parse(text);
        if (!offset.Success)
        {
            return Explain(canonical, reading);
        }

        if (reading.DayOfWeek is { } dayOfWeek && offset.Value.DayOfWeek != dayOfWeek)
        {
            return DateTimeNormalizationResult.Failure(
                DateTimeFailureReason.InvalidDate,
                string.Create(CultureInfo.InvariantCulture, $"The day of the week ({dayOfWeek}) does not match the date, which is a {offset.Value.DayOfWeek}."),
                reading.Format);
        }

        return DateTimeNormalizationResult.Success(offset.Value.ToInstant(), reading.Format);
    }

    private DateTimeNormalizationResult StartOfDay(LocalDate date, DateTimeInputFormat format) =>
        DateTimeNormalizationResult.Success(Zone.AtStartOfDay(date).ToInstant(), format);

    private DateTimeNormalizationResult InZone(LocalDateTime local, DateTimeInputFormat format) =>
        DateTimeNormalizationResult.Success(Zone.ResolveLocal(local, Resolvers.LenientResolver).ToInstant(), format);

    // NodaTime refused a canonical form the reader built: say which part does not exist. Positions are fixed:
    // uuuu-MM-ddTHH:mm:ss[.f…][Z|+HH:mm].
    private static DateTimeNormalizationResult Explain(ReadOnlySpan<char> canonical, DateTimeTextReader.Reading reading)
    {
        int year = Digits(canonical, 0, 4);
        int month = Digits(canonical, 5, 2);
        int day = Digits(canonical, 8, 2);
        if (month is < 1 or > 12)
        {
            return Refuse(DateTimeFailureReason.InvalidDate, $"Month {month} does not exist.");
        }

        int daysInMonth = CalendarSystem.Iso.GetDaysInMonth(year, month);
        if (day < 1 || day > daysInMonth)
        {
            return Refuse(DateTimeFailureReason.InvalidDate, $"Day {day} does not exist in month {month} of {year}, which has {daysInMonth} days.");
        }

        if (reading.HasTime)
        {
            int hour = Digits(canonical, 11, 2);
            int minute = Digits(canonical, 14, 2);
            int second = Digits(canonical, 17, 2);
            if (hour > 23 || minute > 59 || second > 59)
            {
                return Refuse(DateTimeFailureReason.InvalidTime, $"The time {hour:00}:{minute:00}:{second:00} does not exist (hours run 0 to 23, minutes and seconds 0 to 59).");
            }
        }

        if (reading.HasOffset && canonical[^1] != 'Z')
        {
            string offset = canonical[^6..].ToString();
            return Refuse(DateTimeFailureReason.InvalidOffset, $"The UTC offset {offset} does not exist (offsets run from -18:00 to +18:00).");
        }

        // Not reached while the reader only writes digits where numbers go; kept so that a gap between the two is a
        // refusal rather than a crash.
        return Refuse(DateTimeFailureReason.UnrecognizedFormat, $"The value is in none of the accepted date and time formats.");

        DateTimeNormalizationResult Refuse(DateTimeFailureReason reason, FormattableString message) =>
            DateTimeNormalizationResult.Failure(reason, message.ToString(CultureInfo.InvariantCulture), reading.Format);
    }

    private static int Digits(ReadOnlySpan<char> text, int start, int count) =>
        int.Parse(text.Slice(start, count), NumberStyles.None, CultureInfo.InvariantCulture);

    // -?digits(.digits)?
    private static bool IsUnixNumber(string text)
    {
        int i = text[0] == '-' ? 1 : 0;
        int digitsStart = i;
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            i++;
        }

        if (i == digitsStart)
        {
            return false;
        }

        if (i < text.Length && text[i] == '.')
        {
            int fractionStart = ++i;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }

            if (i == fractionStart)
            {
                return false;
            }
        }

        return i == text.Length;
    }

    private DateTimeNormalizationResult ParseUnixNumber(string text)
    {
        if (!acceptUnixTimestamps)
        {
            return DateTimeNormalizationResult.Failure(
                DateTimeFailureReason.UnrecognizedFormat,
                "The value is a bare number, and Unix timestamps are turned off (DateTimeNormalizerOptions.AcceptUnixTimestamps).");
        }

        bool negative = text[0] == '-';
        ReadOnlySpan<char> number = text.AsSpan(negative ? 1 : 0);
        int dot = number.IndexOf('.');
        ReadOnlySpan<char> whole = dot < 0 ? number : number[..dot];
        ReadOnlySpan<char> fraction = dot < 0 ? default : number[(dot + 1)..];
        long magnitude = whole.Length <= MaxUnixDigits ? long.Parse(whole, NumberStyles.None, CultureInfo.InvariantCulture) : long.MaxValue;

        Duration sinceEpoch;
        DateTimeInputFormat format;
        if (magnitude < UnixSecondsLimit)
        {
            format = DateTimeInputFormat.UnixSeconds;
            sinceEpoch = Duration.FromSeconds(magnitude) + FractionToDuration(fraction, 9);
        }
        else if (magnitude < UnixMillisecondsLimit)
        {
            format = DateTimeInputFormat.UnixMilliseconds;
            sinceEpoch = Duration.FromMilliseconds(magnitude) + FractionToDuration(fraction, 6);
        }
        else
        {
            return DateTimeNormalizationResult.Failure(
                DateTimeFailureReason.OutOfRange,
                "The number is too large to be a Unix timestamp in seconds or milliseconds (it would be after the year 5138).");
        }

        if (fraction.Length > (format == DateTimeInputFormat.UnixSeconds ? 9 : 6))
        {
            return DateTimeNormalizationResult.Failure(
                DateTimeFailureReason.UnrecognizedFormat,
                "The Unix timestamp has more fractional digits than a nanosecond needs.",
                format);
        }

        return DateTimeNormalizationResult.Success(NodaConstants.UnixEpoch + (negative ? -sinceEpoch : sinceEpoch), format);
    }

    // The digits after the point, as nanoseconds when the unit is 10^nanosecondDigits nanoseconds.
    private static Duration FractionToDuration(ReadOnlySpan<char> fraction, int nanosecondDigits)
    {
        if (fraction.IsEmpty || fraction.Length > nanosecondDigits)
        {
            return Duration.Zero;
        }

        long nanoseconds = long.Parse(fraction, NumberStyles.None, CultureInfo.InvariantCulture);
        for (int i = fraction.Length; i < nanosecondDigits; i++)
        {
            nanoseconds *= 10;
        }

        return Duration.FromNanoseconds(nanoseconds);
    }

    // /Date(ms)/ or /Date(ms±HHmm)/, also with the JSON-escaped slashes \/Date(…)\/ left in.
    private static DateTimeNormalizationResult ParseMicrosoftJsonDate(string text)
    {
        ReadOnlySpan<char> span = text;
        ReadOnlySpan<char> body;
        if (span.StartsWith("/Date(", StringComparison.Ordinal) && span.EndsWith(")/", StringComparison.Ordinal) && span.Length > 8)
        {
            body = span[6..^2];
        }
        else if (span.StartsWith(@"\/Date(", StringComparison.Ordinal) && span.EndsWith(@")\/", StringComparison.Ordinal) && span.Length > 10)
        {
            body = span[7..^3];
        }
        else
        {
            return DateTimeNormalizationResult.Failure(
                DateTimeFailureReason.UnrecognizedFormat, "The value is in none of the accepted date and time formats.");
        }

        bool negative = body[0] == '-';
        int i = negative ? 1 : 0;
        int digitsStart = i;
        while (i < body.Length && char.IsAsciiDigit(body[i]))
        {
            i++;
        }

        ReadOnlySpan<char> digits = body[digitsStart..i];
        ReadOnlySpan<char> offset = body[i..];
        if (digits.IsEmpty || !(offset.IsEmpty || IsMicrosoftJsonOffset(offset)))
        {
            return DateTimeNormalizationResult.Failure(
                DateTimeFailureReason.UnrecognizedFormat,
                "The value starts like a Microsoft JSON date but is not /Date(milliseconds[+HHmm])/.",
                DateTimeInputFormat.MicrosoftJsonDate);
        }

        if (!offset.IsEmpty)
        {
            int hours = Digits(offset, 1, 2);
            int minutes = Digits(offset, 3, 2);
            if (minutes > 59 || (hours * 60) + minutes > 18 * 60)
            {
                return DateTimeNormalizationResult.Failure(
                    DateTimeFailureReason.InvalidOffset,
                    string.Create(CultureInfo.InvariantCulture, $"The UTC offset {offset} does not exist (offsets run from -1800 to +1800)."),
                    DateTimeInputFormat.MicrosoftJsonDate);
            }
        }

        long milliseconds = digits.Length <= MaxUnixDigits ? long.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture) : long.MaxValue;
        if (milliseconds >= UnixMillisecondsLimit)
        {
            return DateTimeNormalizationResult.Failure(
                DateTimeFailureReason.OutOfRange,
                "The number of milliseconds is too large to be a date (it would be after the year 5138).",
                DateTimeInputFormat.MicrosoftJsonDate);
        }

        Duration sinceEpoch = Duration.FromMilliseconds(negative ? -milliseconds : milliseconds);
        return DateTimeNormalizationResult.Success(NodaConstants.UnixEpoch + sinceEpoch, DateTimeInputFormat.MicrosoftJsonDate);
    }

    private static bool IsMicrosoftJsonOffset(ReadOnlySpan<char> offset) =>
        offset.Length == 5 && offset[0] is '+' or '-' && !offset[1..].ContainsAnyExceptInRange('0', '9');
}
