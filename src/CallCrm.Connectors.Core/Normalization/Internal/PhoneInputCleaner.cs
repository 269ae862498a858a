using System;
using System.Globalization;

namespace CallCrm.Connectors.Normalization.Internal;

/// <summary>Reduces what call systems and CRMs send in a phone field (URIs, caller-ID strings, full-width and
/// invisible characters, extensions, withheld markers) to a number libphonenumber can parse.</summary>
internal static class PhoneInputCleaner
{
    /// <summary>Extension markers, matched ignoring case. Where several match, the earliest in the text wins, so
    /// <c>ext.</c> is taken before the <c>x</c> inside it.</summary>
    private static readonly string[] ExtensionMarkers =
        ["extension", "extn", "ext", "分机号", "分機號", "分机", "分機", "转", "轉", "内线", "доб", "x", "#", ","];

    /// <summary>Characters dropped around an extension: <c>ext.:</c>, <c>x=</c>, DTMF pauses <c>,,</c>.</summary>
    private const string ExtensionTrim = " .:=-,#";

    public static PhoneInput Clean(string raw, PhoneWithheldMarkers markers)
    {
        // Most values are already plain numbers ("+8613800138000", "(212) 555-0100"): hand them to libphonenumber
        // untouched, so that first-sight numbers cost little more than libphonenumber itself.
        return TryCleanPlain(raw, markers, out var plain) ? plain : CleanSlow(raw, markers);
    }

    private static bool TryCleanPlain(string raw, PhoneWithheldMarkers markers, out PhoneInput input)
    {
        var digits = 0;
        var zeros = 0;
        var plus = false;
        var started = false;
        foreach (var c in raw)
        {
            if (char.IsAsciiDigit(c))
            {
                digits++;
                zeros += c == '0' ? 1 : 0;
                started = true;
            }
            else if (c == '+' && !started)
            {
                plus = true;
                started = true;
            }
            else if (c is not (' ' or '-' or '.' or '(' or ')'))
            {
                input = default;
                return false;
            }
        }

        if (digits == 0)
        {
            // Only punctuation ("-", "()"): leave it to the slow path, which calls it empty.
            input = default;
            return false;
        }

        input = IsWithheldNumber(raw, plus, digits, zeros, markers)
            ? PhoneInput.Withheld
            : new PhoneInput(PhoneInputKind.Number, raw, null);
        return true;
    }

    private static PhoneInput CleanSlow(string raw, PhoneWithheldMarkers markers)
    {
        var text = MapCharacters(raw);
        if (text.Length == 0 || PhoneWithheldMarkers.IsPlaceholder(text))
        {
            return PhoneInput.Empty;
        }

        text = TakeCallerIdAddress(text, markers, out var displayWithheld);
        if (displayWithheld)
        {
            return PhoneInput.Withheld;
        }

        string? extension = null;
        string? phoneContext = null;
        if (TryStripScheme(ref text, out var isSip))
        {
            if (isSip && !TakeSipUser(ref text))
            {
                return PhoneInput.Withheld;
            }

            if (text.Contains('%', StringComparison.Ordinal))
            {
                text = Uri.UnescapeDataString(text);
            }
        }

        text = TakeParameters(text, ref extension, ref phoneContext).Trim();
        if (text.Length == 0)
        {
            return PhoneInput.Empty;
        }

        if (markers.IsWithheldWord(text))
        {
            return PhoneInput.Withheld;
        }

        if (PhoneWithheldMarkers.IsPlaceholder(text))
        {
            return PhoneInput.Empty;
        }

        extension ??= TakeExtension(ref text);
        if (phoneContext is not null && phoneContext.StartsWith('+') && !text.StartsWith('+'))
        {
            // RFC 3966 local number: "tel:1234 5678;phone-context=+86-10" reads as +86 10 1234 5678.
            text = string.Concat(phoneContext, " ", text);
        }

        return Classify(text, extension, markers);
    }

    /// <summary>Maps full-width forms, other scripts' digits and exotic spaces and dashes to ASCII, and drops
    /// invisible characters (zero-width spaces, joiners, byte-order marks, direction marks, soft hyphens).</summary>
    private static string MapCharacters(string raw)
    {
        Span<char> buffer = raw.Length <= 256 ? stackalloc char[raw.Length] : new char[raw.Length];
        var length = 0;
        foreach (var original in raw)
        {
            var c = original;
            if (c is >= '\uFF01' and <= '\uFF5E')
            {
                // Full-width ASCII block (digits, ＋, （）, ＃, letters): same order as ASCII, shifted.
                c = (char)(c - 0xFEE0);
            }

            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (category is UnicodeCategory.Format or UnicodeCategory.Control && !char.IsWhiteSpace(c))
            {
                continue;
            }

            if (char.IsWhiteSpace(c))
            {
                c = ' ';
            }
            else if (category == UnicodeCategory.DashPunctuation || c is '\u2212' or '\u30FC')
            {
                c = '-';
            }
            else if (category == UnicodeCategory.DecimalDigitNumber && !char.IsAsciiDigit(c))
            {
                c = (char)('0' + CharUnicodeInfo.GetDecimalDigitValue(c));
            }

            buffer[length++] = c;
        }

        return new string(buffer[..length].Trim());
    }

    /// <summary>Keeps the address of a caller-ID string such as <c>"Alice" &lt;sip:+8613800138000@pbx&gt;</c>.</summary>
    private static string TakeCallerIdAddress(string text, PhoneWithheldMarkers markers, out bool displayWithheld)
    {
        displayWithheld = false;
        var open = text.LastIndexOf('<');
        if (open < 0)
        {
            return text.Trim('"', '\'', ' ');
        }

        var close = text.IndexOf('>', open + 1);
        var address = (close < 0 ? text[(open + 1)..] : text[(open + 1)..close]).Trim();
        if (address.Length == 0)
        {
            // "Anonymous" <> : only the display name is left to go by.
            var display = text[..open].Trim('"', '\'', ' ');
            displayWithheld = markers.IsWithheldWord(display);
            return display;
        }

        return address;
    }

    private static bool TryStripScheme(ref string text, out bool isSip)
    {
        isSip = false;
        foreach (var scheme in (ReadOnlySpan<string>)["tel:", "sip:", "sips:"])
        {
            if (text.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
            {
                isSip = scheme[0] == 's';
                text = text[scheme.Length..].Trim();
                return true;
            }
        }

        return false;
    }

    /// <summary>Keeps the user part of a SIP URI; returns <see langword="false"/> for the RFC 3323 anonymous
    /// host (<c>sip:anonymous@anonymous.invalid</c>), whatever its user part.</summary>
    private static bool TakeSipUser(ref string text)
    {
        var headers = text.IndexOf('?', StringComparison.Ordinal);
        if (headers >= 0)
        {
            text = text[..headers];
        }

        var at = text.IndexOf('@', StringComparison.Ordinal);
        if (at < 0)
        {
            return true;
        }

        var host = text.AsSpan(at + 1);
        var hostEnd = host.IndexOfAny(';', ':');
        if (hostEnd >= 0)
        {
            host = host[..hostEnd];
        }

        if (host.Equals("anonymous.invalid", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        text = text[..at];
        return true;
    }

    /// <summary>Splits off URI parameters (<c>;ext=</c>, <c>;phone-context=</c>, <c>;isub=</c>, <c>;user=phone</c>).</summary>
    private static string TakeParameters(string text, ref string? extension, ref string? phoneContext)
    {
        var semicolon = text.IndexOf(';', StringComparison.Ordinal);
        if (semicolon < 0)
        {
            return text;
        }

        foreach (var parameter in text[(semicolon + 1)..].Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = parameter.IndexOf('=', StringComparison.Ordinal);
            if (equals < 0)
            {
                continue;
            }

            var name = parameter.AsSpan(0, equals).Trim();
            var value = parameter[(equals + 1)..].Trim();
            if (name.Equals("ext", StringComparison.OrdinalIgnoreCase) || name.Equals("extension", StringComparison.OrdinalIgnoreCase))
            {
                extension = DigitsOnly(value);
            }
            else if (name.Equals("phone-context", StringComparison.OrdinalIgnoreCase))
            {
                phoneContext = value;
            }
        }

        return text[..semicolon];
    }

    /// <summary>Finds the earliest extension marker that has digits before it and only digits after it.</summary>
    private static string? TakeExtension(ref string text)
    {
        var bestIndex = -1;
        var bestLength = 0;
        foreach (var marker in ExtensionMarkers)
        {
            var index = text.IndexOf(marker, StringComparison.OrdinalIgnoreCase);
            if (index <= 0 || (bestIndex >= 0 && index >= bestIndex))
            {
                continue;
            }

            if (text.AsSpan(0, index).IndexOfAnyInRange('0', '9') < 0)
            {
                continue;
            }

            var tail = text.AsSpan(index + marker.Length).Trim(ExtensionTrim);
            if (tail.IsEmpty ? marker is "#" or "," : !tail.ContainsAnyExceptInRange('0', '9'))
            {
                bestIndex = index;
                bestLength = marker.Length;
            }
        }

        if (bestIndex < 0)
        {
            return null;
        }

        var extension = text.AsSpan(bestIndex + bestLength).Trim(ExtensionTrim);
        text = text.AsSpan(0, bestIndex).TrimEnd(ExtensionTrim).ToString();
        return extension.IsEmpty ? null : extension.ToString();
    }

    private static PhoneInput Classify(string text, string? extension, PhoneWithheldMarkers markers)
    {
        var digits = 0;
        var zeros = 0;
        var plus = false;
        var letters = false;
        var other = false;
        foreach (var c in text)
        {
            if (char.IsAsciiDigit(c))
            {
                digits++;
                zeros += c == '0' ? 1 : 0;
            }
            else if (c == '+')
            {
                plus |= digits == 0;
            }
            else if (char.IsLetter(c))
            {
                letters = true;
            }
            else if (c is not (' ' or '-' or '.' or '(' or ')' or '/'))
            {
                other = true;
            }
        }

        if (letters)
        {
            return PhoneInput.Of(PhoneInputKind.ContainsLetters);
        }

        if (other)
        {
            return PhoneInput.Of(PhoneInputKind.NotANumber);
        }

        if (digits == 0)
        {
            return PhoneInput.Empty;
        }

        return IsWithheldNumber(text, plus, digits, zeros, markers)
            ? PhoneInput.Withheld
            : new PhoneInput(PhoneInputKind.Number, text, extension);
    }

    /// <summary>Gets whether a number is a withheld-caller sentinel: all zeros (what several PBXs show for a
    /// private caller) or, written with a plus, one of the vendor sentinels.</summary>
    private static bool IsWithheldNumber(string text, bool plus, int digits, int zeros, PhoneWithheldMarkers markers)
    {
        if (digits >= 3 && zeros == digits)
        {
            return true;
        }

        if (!plus || !markers.CouldBeSentinel(digits))
        {
            return false;
        }

        Span<char> buffer = stackalloc char[digits];
        var length = 0;
        foreach (var c in text)
        {
            if (char.IsAsciiDigit(c))
            {
                buffer[length++] = c;
            }
        }

        return markers.IsSentinel(buffer);
    }

    /// <summary>Keeps the ASCII digits of a value.</summary>
    internal static string DigitsOnly(string value)
    {
        Span<char> buffer = value.Length <= 256 ? stackalloc char[value.Length] : new char[value.Length];
        var length = 0;
        foreach (var c in value)
        {
            if (char.IsAsciiDigit(c))
            {
                buffer[length++] = c;
            }
        }

        return new string(buffer[..length]);
    }
}
