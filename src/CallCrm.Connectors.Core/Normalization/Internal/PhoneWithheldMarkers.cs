using System;
using System.Collections.Frozen;
using System.Collections.Generic;
using System.Text;

namespace CallCrm.Connectors.Normalization.Internal;

/// <summary>The values sources send instead of a number when the caller withheld it, and placeholders that mean
/// "no number at all".</summary>
internal sealed class PhoneWithheldMarkers
{
    /// <summary>Words and phrases call systems, carriers and CRMs put in the caller-ID field of a withheld call,
    /// compared after <see cref="NormalizeWord"/>. English, Chinese (simplified and traditional), Japanese, German,
    /// Spanish and Portuguese, since those are the systems this SDK meets.</summary>
    private static readonly string[] DefaultWords =
    [
        "anonymous", "anon", "restricted", "private", "private number", "private caller", "unknown", "unknown number",
        "unknown caller", "unavailable", "not available", "withheld", "number withheld", "blocked", "hidden",
        "no caller id", "caller id blocked", "caller id withheld", "caller id restricted", "presentation restricted",
        "out of area",
        "匿名", "未知", "未知号码", "未知號碼", "隐藏", "隐藏号码", "隱藏號碼", "私人号码", "私人號碼", "号码保密", "號碼保密",
        "保密号码", "无主叫号码", "非通知", "通知不可能", "番号非通知",
        "anonym", "unterdrückt", "rufnummer unterdrückt", "unbekannt", "privat",
        "anónimo", "anonimo", "privado", "desconocido", "desconhecido", "restrito",
    ];

    /// <summary>Values that mean the field was simply not filled in.</summary>
    private static readonly FrozenSet<string> Placeholders =
        new[] { "null", "none", "nil", "n/a", "na", "undefined", "empty", "无", "無", "なし" }.ToFrozenSet(StringComparer.Ordinal);

    private readonly FrozenSet<string> _words;
    private readonly FrozenSet<string> _sentinels;
    private readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> _sentinelLookup;
    private readonly int _minSentinelDigits;
    private readonly int _maxSentinelDigits;

    private PhoneWithheldMarkers(IEnumerable<string> additional)
    {
        var words = new HashSet<string>(StringComparer.Ordinal);
        var sentinels = new HashSet<string>(StringComparer.Ordinal);
        foreach (var word in DefaultWords)
        {
            words.Add(NormalizeWord(word));
        }

        // Sentinel numbers are vendor quirks (Twilio's keypad spellings, for one): the provider that knows its vendor supplies
        // them through PhoneNumberNormalizerOptions.AdditionalWithheldMarkers; none is built in.
        foreach (var marker in additional)
        {
            var trimmed = marker.Trim();
            if (trimmed.StartsWith('+') && OnlyDigitsAndPunctuation(trimmed.AsSpan(1)))
            {
                sentinels.Add(PhoneInputCleaner.DigitsOnly(trimmed));
            }
            else
            {
                words.Add(NormalizeWord(trimmed));
            }
        }

        _words = words.ToFrozenSet(StringComparer.Ordinal);
        _sentinels = sentinels.ToFrozenSet(StringComparer.Ordinal);
        _sentinelLookup = _sentinels.GetAlternateLookup<ReadOnlySpan<char>>();
        _minSentinelDigits = int.MaxValue;
        foreach (var sentinel in _sentinels)
        {
            _minSentinelDigits = Math.Min(_minSentinelDigits, sentinel.Length);
            _maxSentinelDigits = Math.Max(_maxSentinelDigits, sentinel.Length);
        }
    }

    public static PhoneWithheldMarkers Default { get; } = new([]);

    public static PhoneWithheldMarkers Create(ICollection<string> additional) =>
        additional.Count == 0 ? Default : new PhoneWithheldMarkers(additional);

    /// <summary>Gets whether a count of digits could be a sentinel, so that callers skip extracting digits otherwise.</summary>
    public bool CouldBeSentinel(int digitCount) => digitCount >= _minSentinelDigits && digitCount <= _maxSentinelDigits;

    /// <summary>Gets whether the digits (written after a plus) are a withheld-caller sentinel.</summary>
    public bool IsSentinel(ReadOnlySpan<char> digits) => _sentinelLookup.Contains(digits);

    /// <summary>Gets whether a text (not a number) says the number was withheld.</summary>
    public bool IsWithheldWord(string text) => _words.Contains(NormalizeWord(text));

    /// <summary>Gets whether a text is a placeholder for "no value".</summary>
    public static bool IsPlaceholder(string text) => Placeholders.Contains(NormalizeWord(text));

    /// <summary>Lower-cases and collapses separators, so that <c>"PRIVATE_NUMBER"</c>, <c>Private-Number</c> and
    /// <c>[private number]</c> compare equal.</summary>
    internal static string NormalizeWord(string text)
    {
        var builder = new StringBuilder(text.Length);
        var pendingSpace = false;
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c) || c == '/')
            {
                if (pendingSpace && builder.Length > 0)
                {
                    builder.Append(' ');
                }

                pendingSpace = false;
                builder.Append(char.ToLowerInvariant(c));
            }
            else
            {
                pendingSpace = true;
            }
        }

        return builder.ToString();
    }

    private static bool OnlyDigitsAndPunctuation(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c) && c is not (' ' or '-' or '.' or '(' or ')'))
            {
                return false;
            }
        }

        return true;
    }
}
