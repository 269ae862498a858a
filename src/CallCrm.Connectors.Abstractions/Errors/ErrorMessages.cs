using System;
using System.Collections.Generic;
using System.Globalization;
using System.Resources;
using System.Text;

namespace CallCrm.Connectors.Errors;

/// <summary>Builds the friendly message of a <see cref="ConnectorError"/> from <c>ErrorMessages.resx</c> and its translations.</summary>
/// <remarks>
/// Resource keys of error codes are the codes themselves (<c>UNREACHABLE</c>), so a provider's own code simply
/// finds no entry and gets the generic message: an agent never sees a bare code.
/// </remarks>
internal static class ErrorMessages
{
    // More field names than this make the message unreadable; the rest are counted, and all are in the error itself.
    private const int MaxFieldsNamed = 5;

    private static readonly ResourceManager Resources = new(typeof(ErrorMessages).FullName!, typeof(ErrorMessages).Assembly);

    /// <summary>Builds the message for <paramref name="error"/> in <paramref name="culture"/>.</summary>
    /// <param name="error">The error.</param>
    /// <param name="culture">The culture; resolved along its parents (zh-CN, zh-SG to zh-Hans) down to English.</param>
    /// <returns>What happened and what to do, in one or a few sentences.</returns>
    public static string Build(ConnectorError error, CultureInfo culture)
    {
        var system = string.IsNullOrWhiteSpace(error.SystemName) ? Get("System.Unnamed", culture) : error.SystemName;
        // Codes compare ignoring case (ConnectorErrorCode.Is); resource keys are the upper-case codes.
        var template = error.Code.Value is { Length: > 0 } code ? Resources.GetString(code.ToUpperInvariant(), culture) : null;
        template ??= Get(error.IsTransient ? "Fallback.Transient" : "Fallback.Permanent", culture);

        var message = new StringBuilder(string.Format(culture, template, system));
        if (error.FieldErrors.Count > 0)
        {
            AppendSentence(message, culture, string.Format(culture, Get("Sentence.Fields", culture), JoinFields(error.FieldErrors, culture)));
        }

        if (error.RetryAfter is { } wait && error.IsTransient)
        {
            AppendSentence(message, culture, string.Format(culture, Get("Sentence.RetryAfter", culture), DescribeDuration(wait, culture)));
        }

        return message.ToString();
    }

    // The separator comes from the same resources as the sentences (a space in English, nothing in Chinese), so it
    // matches the language actually used even when a culture falls back (zh-TW gets English, with spaces).
    private static void AppendSentence(StringBuilder message, CultureInfo culture, string sentence) =>
        message.Append(Get("Sentence.Separator", culture)).Append(sentence);

    private static string JoinFields(IReadOnlyList<FieldError> fields, CultureInfo culture)
    {
        var separator = Get("List.Separator", culture);
        var names = new List<string>(Math.Min(fields.Count, MaxFieldsNamed));
        foreach (var field in fields)
        {
            if (names.Count == MaxFieldsNamed)
            {
                break;
            }

            if (!string.IsNullOrWhiteSpace(field.Field) && !names.Contains(field.Field))
            {
                names.Add(field.Field);
            }
        }

        var joined = string.Join(separator, names);
        var more = fields.Count - names.Count;
        return more > 0 && names.Count == MaxFieldsNamed
            ? string.Format(culture, Get("Sentence.MoreFields", culture), joined, more)
            : joined;
    }

    private static string DescribeDuration(TimeSpan wait, CultureInfo culture)
    {
        // Round up: telling an agent "about 1 minute" for 61 seconds would promise a retry too early.
        var seconds = (long)Math.Ceiling(Math.Max(wait.TotalSeconds, 1));
        if (seconds < 90)
        {
            return seconds == 1 ? Get("Duration.OneSecond", culture) : string.Format(culture, Get("Duration.Seconds", culture), seconds);
        }

        var minutes = (seconds + 59) / 60;
        if (minutes < 90)
        {
            return minutes == 1 ? Get("Duration.OneMinute", culture) : string.Format(culture, Get("Duration.Minutes", culture), minutes);
        }

        var hours = (minutes + 59) / 60;
        return hours == 1 ? Get("Duration.OneHour", culture) : string.Format(culture, Get("Duration.Hours", culture), hours);
    }

    private static string Get(string key, CultureInfo culture) =>
        Resources.GetString(key, culture) ?? throw new MissingManifestResourceException($"Resource '{key}' is missing from {typeof(ErrorMessages).FullName}.");
}
