using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace CallCrm.Connectors.Security.Redaction;

/// <summary>Formats a message template (<c>"Synced {Count} calls for {Customer}"</c>) with values looked up by hole name: source-generated
/// log states do not list their values in template order.</summary>
internal static class LogTemplate
{
    private static readonly ConcurrentDictionary<string, Parsed> Cache = new(StringComparer.Ordinal);

    /// <summary>Gets the template with personal data in its literal text redacted: a template built at run time (a message logged with
    /// string interpolation) is data, not a constant.</summary>
    public static string Redact(string template) => Get(template).Template;

    public static string Format(string template, IReadOnlyList<KeyValuePair<string, object?>> values)
    {
        var parsed = Get(template);
        var arguments = new object?[parsed.Names.Count];
        for (var i = 0; i < arguments.Length; i++)
        {
            arguments[i] = Find(values, parsed.Names[i], i);
        }

        return string.Format(CultureInfo.InvariantCulture, parsed.Composite, arguments);
    }

    // Templates are constants in practice; caching their parsed form keeps the hot path to one string.Format.
    private static Parsed Get(string template) => Cache.Count < 1024 ? Cache.GetOrAdd(template, Parse) : Parse(template);

    private static object Find(IReadOnlyList<KeyValuePair<string, object?>> values, string name, int position)
    {
        foreach (var (key, value) in values)
        {
            if (string.Equals(key, name, StringComparison.Ordinal))
            {
                return value ?? "(null)";
            }
        }

        // Positional fallback, as Microsoft.Extensions.Logging formats: the n-th hole takes the n-th value.
        return position < values.Count && values[position].Key != "{OriginalFormat}" ? values[position].Value ?? "(null)" : string.Empty;
    }

    private static Parsed Parse(string original)
    {
        var template = PiiRedactor.Redact(original) ?? string.Empty;
        var builder = new StringBuilder(template.Length);
        var names = new List<string>();
        for (var i = 0; i < template.Length; i++)
        {
            var c = template[i];
            if (c == '{' && i + 1 < template.Length && template[i + 1] == '{')
            {
                builder.Append("{{");
                i++;
            }
            else if (c == '}' && i + 1 < template.Length && template[i + 1] == '}')
            {
                builder.Append("}}");
                i++;
            }
            else if (c == '{' && template.IndexOf('}', i) is var end && end > i)
            {
                // Keep alignment and format ("{Elapsed,8:0.00}"), replace the name by the position.
                var hole = template.AsSpan(i + 1, end - i - 1);
                var suffixAt = hole.IndexOfAny(',', ':');
                names.Add((suffixAt >= 0 ? hole[..suffixAt] : hole).ToString());
                builder.Append('{').Append((names.Count - 1).ToString(CultureInfo.InvariantCulture));
                if (suffixAt >= 0)
                {
                    builder.Append(hole[suffixAt..]);
                }

                builder.Append('}');
                i = end;
            }
            else
            {
                builder.Append(c is '{' or '}' ? new string(c, 2) : c.ToString());
            }
        }

        return new Parsed(template, builder.ToString(), names);
    }

    private sealed record Parsed(string Template, string Composite, List<string> Names);
}
