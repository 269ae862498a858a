using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace CallCrm.Connectors.Security.Redaction;

/// <summary>The state of a log call with every value that could carry personal data or secrets redacted; its <see cref="ToString"/> is the
/// formatted message built from the redacted values.</summary>
internal sealed class RedactedLogState : IReadOnlyList<KeyValuePair<string, object?>>
{
    private const string OriginalFormat = "{OriginalFormat}";
    private readonly KeyValuePair<string, object?>[] values;
    private readonly string message;

    private RedactedLogState(KeyValuePair<string, object?>[] values, string message)
    {
        this.values = values;
        this.message = message;
    }

    public int Count => values.Length;

    public KeyValuePair<string, object?> this[int index] => values[index];

    public static RedactedLogState FromMessage(string? message)
    {
        var redacted = PiiRedactor.Redact(message) ?? string.Empty;
        return new([new(OriginalFormat, redacted)], redacted);
    }

    public static RedactedLogState FromStructured(IReadOnlyList<KeyValuePair<string, object?>> state)
    {
        var redacted = new KeyValuePair<string, object?>[state.Count];
        string? template = null;
        for (var i = 0; i < state.Count; i++)
        {
            var (key, value) = state[i];

            redacted[i] = key == OriginalFormat ? new(key, value is string text ? LogTemplate.Redact(text) : value) : new(key, RedactValue(key, value));
            template = key == OriginalFormat ? value as string : template;
        }

        string message;
        try
        {
            message = template is null
                ? string.Join(", ", redacted.Select(kv => string.Concat(kv.Key, "=", Convert.ToString(kv.Value, CultureInfo.InvariantCulture))))
                : LogTemplate.Format(template, redacted);
        }
        catch (FormatException)
        {
            // A malformed template or a bad format specifier: keep the line, without the values.
            message = template ?? string.Empty;
        }

        return new(redacted, message);
    }

    public static object? RedactScope(object? scope) => scope switch
    {
        null => null,
        RedactedLogState already => already,
        IReadOnlyList<KeyValuePair<string, object?>> list => FromStructured(list),
        IEnumerable<KeyValuePair<string, object?>> pairs => FromStructured([.. pairs]),
        _ => PiiRedactor.Redact(Convert.ToString(scope, CultureInfo.InvariantCulture)),
    };

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, object?>>)values).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => message;

    private static object? RedactValue(string key, object? value)
    {
        if (value is null)
        {
            return null;
        }

        if (PiiRedactor.IsSecretName(key))
        {
            return PiiRedactor.Placeholder;
        }

        return value switch
        {
            string text => PiiRedactor.Redact(text),

            // Numbers, times and identifiers keep their type (and their format specifiers in the template): they are not scanned, so a
            // count or a duration is never mistaken for a phone number.
            bool or byte or sbyte or short or ushort or int or uint or long or ulong or float or double or decimal or Enum
                or DateTime or DateTimeOffset or TimeSpan or Guid => value,
            _ when value.GetType().Namespace == "NodaTime" => value,
            IEnumerable items => string.Join(", ", items.Cast<object?>().Select(item =>
                item is null ? "(null)" : PiiRedactor.Redact(Convert.ToString(item, CultureInfo.InvariantCulture)))),
            _ => PiiRedactor.Redact(Convert.ToString(value, CultureInfo.InvariantCulture)),
        };
    }
}
