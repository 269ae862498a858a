using System;
using NodaTime;

namespace CallCrm.Connectors.Normalization;

/// <summary>
/// Reads the shape of a textual date and time (ISO 8601 variants, year-first with slashes, Chinese, RFC 1123) and
/// rewrites it in the one canonical ISO 8601 form that NodaTime's ISO patterns parse: <c>uuuu-MM-dd</c>,
/// <c>uuuu-MM-ddTHH:mm:ss[.fffffffff]</c>, optionally followed by <c>Z</c> or <c>+HH:mm</c>.
/// </summary>
/// <remarks>
/// The reader checks syntax only: it copies numbers without judging them, so that NodaTime alone decides whether a
/// date, time or offset exists, and <see cref="DateTimeNormalizer"/> explains a refusal from the canonical form's fixed
/// positions. No regular expression: a single forward pass over the span.
/// </remarks>
internal static class DateTimeTextReader
{
    /// <summary>The longest canonical form: <c>uuuu-MM-ddTHH:mm:ss.fffffffff+HH:mm</c>.</summary>
    internal const int MaxCanonicalLength = 35;

    private const int MaxFractionDigits = 9;

    private static readonly string[] MonthAbbreviations =
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

    private static readonly string[] DayAbbreviations = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

    /// <summary>Reads a textual date and time and writes its canonical form.</summary>
    /// <param name="text">The cleaned text.</param>
    /// <param name="canonical">Receives the canonical form; at least <see cref="MaxCanonicalLength"/> characters.</param>
    /// <param name="reading">Receives what was read.</param>
    /// <returns><see langword="true"/> when the text has one of the accepted shapes.</returns>
    public static bool TryRead(ReadOnlySpan<char> text, Span<char> canonical, out Reading reading)
    {
        reading = default;
        if (text.IsEmpty)
        {
            return false;
        }

        return char.IsAsciiLetter(text[0]) || IsRfcDayFirst(text)
            ? TryReadRfc1123(text, canonical, out reading)
            : TryReadYearFirst(text, canonical, out reading);
    }

    // "24 Nov 2026 …": RFC 5322 lets the day of the week be left out.
    private static bool IsRfcDayFirst(ReadOnlySpan<char> text) =>
        text.Length > 3 && char.IsAsciiDigit(text[0]) && (text[1] == ' ' || (char.IsAsciiDigit(text[1]) && text[2] == ' '));

    private static bool TryReadYearFirst(ReadOnlySpan<char> text, Span<char> canonical, out Reading reading)
    {
        reading = default;
        int i = 0;
        if (!TryReadNumber(text, ref i, 4, 4, out ReadOnlySpan<char> year) || i >= text.Length)
        {
            return false;
        }

        char dateSeparator = text[i++];
        bool chinese = dateSeparator == '年';
        DateTimeInputFormat format = dateSeparator switch
        {
            '-' => DateTimeInputFormat.Iso8601,
            '/' or '.' => DateTimeInputFormat.YearFirstSlashed,
            '年' => DateTimeInputFormat.Chinese,
            _ => DateTimeInputFormat.None,
        };
        if (format == DateTimeInputFormat.None
            || !TryReadNumber(text, ref i, 1, 2, out ReadOnlySpan<char> month)
            || !TryExpect(text, ref i, chinese ? '月' : dateSeparator)
            || !TryReadNumber(text, ref i, 1, 2, out ReadOnlySpan<char> day)
            || (chinese && !TryExpect(text, ref i, '日') && !TryExpect(text, ref i, '号')))
        {
            return false;
        }

        var writer = new CanonicalWriter(canonical);
        writer.WriteDate(year, month, day);
        if (i == text.Length)
        {
            reading = new Reading(format, writer.Length, HasTime: false, HasOffset: false, DayOfWeek: null);
            return true;
        }

        // Chinese text often runs the time straight after 日; the other forms need a 'T' or a space.
        if (text[i] is 'T' or 't' or ' ')
        {
            i++;
        }
        else if (!chinese)
        {
            return false;
        }

        if (!TryReadTime(text, ref i, ref writer, allowChinese: true))
        {
            return false;
        }

        bool hasOffset = false;
        if (i < text.Length)
        {
            if (text[i] == ' ')
            {
                i++;
            }

            if (!TryReadOffset(text[i..], ref writer, allowRfcNames: false))
            {
                return false;
            }

            hasOffset = true;
        }

        reading = new Reading(format, writer.Length, HasTime: true, hasOffset, DayOfWeek: null);
        return true;
    }

    // [ddd, ]d MMM uuuu HH:mm[:ss] zone (RFC 1123 as updated by RFC 5322; English names, any case).
    private static bool TryReadRfc1123(ReadOnlySpan<char> text, Span<char> canonical, out Reading reading)
    {
        reading = default;
        int i = 0;
        IsoDayOfWeek? dayOfWeek = null;
        if (char.IsAsciiLetter(text[0]))
        {
            int day = IndexOfName(ReadLetters(text, ref i), DayAbbreviations);
            if (day < 0)
            {
                return false;
            }

            dayOfWeek = (IsoDayOfWeek)(day + 1);
            _ = TryExpect(text, ref i, ',');
            if (!TryExpect(text, ref i, ' '))
            {
                return false;
            }
        }

        if (!TryReadNumber(text, ref i, 1, 2, out ReadOnlySpan<char> dayOfMonth) || !TryExpect(text, ref i, ' '))
        {
            return false;
        }

        int month = IndexOfName(ReadLetters(text, ref i), MonthAbbreviations) + 1;
        if (month == 0
            || !TryExpect(text, ref i, ' ')
            || !TryReadNumber(text, ref i, 4, 4, out ReadOnlySpan<char> year)
            || !TryExpect(text, ref i, ' '))
        {
            return false;
        }

        Span<char> monthDigits = [(char)('0' + (month / 10)), (char)('0' + (month % 10))];
        var writer = new CanonicalWriter(canonical);
        writer.WriteDate(year, monthDigits, dayOfMonth);
        if (!TryReadTime(text, ref i, ref writer, allowChinese: false)
            || !TryExpect(text, ref i, ' ')
            || !TryReadOffset(text[i..], ref writer, allowRfcNames: true))
        {
            return false;
        }

        reading = new Reading(DateTimeInputFormat.Rfc1123, writer.Length, HasTime: true, HasOffset: true, dayOfWeek);
        return true;
    }

    // H:mm[:ss[.f…]] or, in Chinese, H时mm[分[ss秒]] (点 and 時 are accepted for 时).
    private static bool TryReadTime(ReadOnlySpan<char> text, ref int i, ref CanonicalWriter writer, bool allowChinese)
    {
        if (!TryReadNumber(text, ref i, 1, 2, out ReadOnlySpan<char> hour) || i >= text.Length)
        {
            return false;
        }

        char separator = text[i++];
        bool chinese = allowChinese && separator is '时' or '時' or '点' or '點';
        if (separator != ':' && !chinese)
        {
            return false;
        }

        if (!TryReadNumber(text, ref i, 2, 2, out ReadOnlySpan<char> minute))
        {
            return false;
        }

        ReadOnlySpan<char> second = "00";
        ReadOnlySpan<char> fraction = default;
        if (chinese)
        {
            if (TryExpect(text, ref i, '分')
                && i < text.Length
                && char.IsAsciiDigit(text[i])
                && (!TryReadNumber(text, ref i, 2, 2, out second) || !TryExpect(text, ref i, '秒')))
            {
                return false;
            }
        }
        else if (TryExpect(text, ref i, ':'))
        {
            if (!TryReadNumber(text, ref i, 2, 2, out second))
            {
                return false;
            }

            if (i < text.Length && text[i] is '.' or ',')
            {
                i++;
                if (!TryReadNumber(text, ref i, 1, MaxFractionDigits, out fraction)
                    || (i < text.Length && char.IsAsciiDigit(text[i])))
                {
                    return false;
                }
            }
        }

        writer.WriteTime(hour, minute, second, fraction);
        return true;
    }

    // Z, ±HH, ±HHmm, ±HH:mm, UTC or GMT; in RFC 1123 also UT and the North American names RFC 5322 keeps.
    private static bool TryReadOffset(ReadOnlySpan<char> text, ref CanonicalWriter writer, bool allowRfcNames)
    {
        if (text.Equals("Z", StringComparison.OrdinalIgnoreCase)
            || text.Equals("UTC", StringComparison.OrdinalIgnoreCase)
            || text.Equals("GMT", StringComparison.OrdinalIgnoreCase)
            || (allowRfcNames && text.Equals("UT", StringComparison.OrdinalIgnoreCase)))
        {
            writer.WriteUtc();
            return true;
        }

        if (allowRfcNames && text.Length == 3 && TryGetNorthAmericanOffset(text, out char hour))
        {
            writer.WriteOffset('-', ['0', hour], "00");
            return true;
        }

        // U+2212 is the typographic minus sign that word processors put in offsets.
        if (text.IsEmpty || text[0] is not ('+' or '-' or '\u2212'))
        {
            return false;
        }

        char sign = text[0] == '+' ? '+' : '-';
        int i = 1;
        if (!TryReadNumber(text, ref i, 2, 2, out ReadOnlySpan<char> hours))
        {
            return false;
        }

        ReadOnlySpan<char> minutes = "00";
        _ = TryExpect(text, ref i, ':');
        if (i < text.Length && !TryReadNumber(text, ref i, 2, 2, out minutes))
        {
            return false;
        }

        if (i != text.Length)
        {
            return false;
        }

        writer.WriteOffset(sign, hours, minutes);
        return true;
    }

    // EST/EDT, CST/CDT, MST/MDT, PST/PDT: hours west of UTC.
    private static bool TryGetNorthAmericanOffset(ReadOnlySpan<char> name, out char hoursWest)
    {
        hoursWest = '0';
        char kind = char.ToUpperInvariant(name[1]);
        if (char.ToUpperInvariant(name[2]) != 'T' || kind is not ('S' or 'D'))
        {
            return false;
        }

        int standard = char.ToUpperInvariant(name[0]) switch
        {
            'E' => 5,
            'C' => 6,
            'M' => 7,
            'P' => 8,
            _ => 0,
        };
        if (standard == 0)
        {
            return false;
        }

        hoursWest = (char)('0' + standard - (kind == 'D' ? 1 : 0));
        return true;
    }

    private static int IndexOfName(ReadOnlySpan<char> token, string[] names)
    {
        if (token.Length != 3)
        {
            return -1;
        }

        for (int n = 0; n < names.Length; n++)
        {
            if (token.Equals(names[n], StringComparison.OrdinalIgnoreCase))
            {
                return n;
            }
        }

        return -1;
    }

    private static ReadOnlySpan<char> ReadLetters(ReadOnlySpan<char> text, ref int i)
    {
        int start = i;
        while (i < text.Length && char.IsAsciiLetter(text[i]))
        {
            i++;
        }

        return text[start..i];
    }

    private static bool TryReadNumber(ReadOnlySpan<char> text, scoped ref int i, int minDigits, int maxDigits, out ReadOnlySpan<char> digits)
    {
        int start = i;
        while (i < text.Length && i - start < maxDigits && char.IsAsciiDigit(text[i]))
        {
            i++;
        }

        digits = text[start..i];
        return digits.Length >= minDigits;
    }

    private static bool TryExpect(ReadOnlySpan<char> text, ref int i, char expected)
    {
        if (i < text.Length && text[i] == expected)
        {
            i++;
            return true;
        }

        return false;
    }

    /// <summary>What the reader found.</summary>
    /// <param name="Format">The format recognized.</param>
    /// <param name="Length">The length of the canonical form written.</param>
    /// <param name="HasTime">Whether a time of day was given (otherwise the canonical form is <c>uuuu-MM-dd</c>).</param>
    /// <param name="HasOffset">Whether a UTC offset was given (the canonical form ends with <c>Z</c> or <c>+HH:mm</c>).</param>
    /// <param name="DayOfWeek">The day of the week the text named, to check against the date.</param>
    internal readonly record struct Reading(DateTimeInputFormat Format, int Length, bool HasTime, bool HasOffset, IsoDayOfWeek? DayOfWeek);

    /// <summary>Writes the canonical form, padding one-digit numbers with a zero.</summary>
    private ref struct CanonicalWriter
    {
        private readonly Span<char> buffer;

        public CanonicalWriter(Span<char> buffer)
        {
            this.buffer = buffer;
            Length = 0;
        }

        public int Length { get; private set; }

        public void WriteDate(scoped ReadOnlySpan<char> year, scoped ReadOnlySpan<char> month, scoped ReadOnlySpan<char> day)
        {
            Write(year);
            Write('-');
            WritePadded(month);
            Write('-');
            WritePadded(day);
        }

        public void WriteTime(scoped ReadOnlySpan<char> hour, scoped ReadOnlySpan<char> minute, scoped ReadOnlySpan<char> second, scoped ReadOnlySpan<char> fraction)
        {
            Write('T');
            WritePadded(hour);
            Write(':');
            Write(minute);
            Write(':');
            Write(second);
            if (!fraction.IsEmpty)
            {
                Write('.');
                Write(fraction);
            }
        }

        public void WriteUtc() => Write('Z');

        public void WriteOffset(char sign, scoped ReadOnlySpan<char> hours, scoped ReadOnlySpan<char> minutes)
        {
            Write(sign);
            Write(hours);
            Write(':');
            Write(minutes);
        }

        private void WritePadded(scoped ReadOnlySpan<char> digits)
        {
            if (digits.Length == 1)
            {
                Write('0');
            }

            Write(digits);
        }

        private void Write(char c) => buffer[Length++] = c;

        private void Write(scoped ReadOnlySpan<char> text)
        {
            text.CopyTo(buffer[Length..]);
            Length += text.Length;
        }
    }
}
