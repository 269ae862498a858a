using System;
using System.Collections.Generic;
using CallCrm.Connectors.Security.Redaction;

namespace CallCrm.Connectors.Security.Audit;

/// <summary>Remembers what <see cref="PiiRedactor.Redact"/> made of recent audit detail values. The same few values (sources, counts,
/// customer ids, pseudonyms of callers who call again) recur in nearly every entry, and the redactor's seven regular-expression passes
/// per value would otherwise be most of the audit writer's cost. Redaction is a pure function of the text, so the stored entries are
/// the same. Not thread-safe: used under the audit log's append gate.</summary>
internal sealed class RedactionMemo
{
    // Long free text rarely repeats; keeping it would only hold more text in memory.
    private const int MaxRememberedLength = 128;
    private const int Capacity = 1024;
    private readonly Dictionary<string, string> redacted = new(StringComparer.Ordinal);

    public string Redact(string value)
    {
        if (value.Length > MaxRememberedLength)
        {
            return PiiRedactor.Redact(value) ?? string.Empty;
        }

        if (redacted.TryGetValue(value, out var known))
        {
            return known;
        }

        var result = PiiRedactor.Redact(value) ?? string.Empty;
        if (redacted.Count >= Capacity)
        {
            // Forget everything rather than track recency: a full memo means the values do not repeat much anyway.
            redacted.Clear();
        }

        redacted[value] = result;
        return result;
    }
}
