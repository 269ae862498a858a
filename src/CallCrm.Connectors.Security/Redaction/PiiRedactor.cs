using System;
using System.Text.RegularExpressions;

namespace CallCrm.Connectors.Security.Redaction;

/// <summary>Finds and redacts phone numbers, e-mail addresses, tokens and secrets in free text (log messages, exception messages).</summary>
/// <remarks>
/// <para>The redactor errs on the side of privacy: any run of 7 to 15 digits that is not a date, a time or an IPv4 address is treated as a
/// phone number. Pass counts and durations to a logger as numbers, not strings: <see cref="RedactingLoggerProvider"/> only scans strings.</para>
/// <para>Phone numbers and e-mail addresses are masked with <see cref="PiiMask"/> (the last two digits, the first letters) so that log lines
/// stay comparable; tokens and secrets are replaced by <c>[REDACTED]</c>.</para>
/// </remarks>
public static partial class PiiRedactor
{
    /// <summary>The text that replaces a token or a secret.</summary>
    public const string Placeholder = "[REDACTED]";

    private const int TimeoutMilliseconds = 250;

    /// <summary>Redacts personal data and secrets in a text.</summary>
    /// <param name="value">The text.</param>
    /// <returns>The text with phone numbers and e-mail addresses masked and tokens, secrets and <c>Authorization</c> values replaced;
    /// <see langword="null"/> for <see langword="null"/>.</returns>
    public static string? Redact(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return value;
        }

        try
        {
            var text = AuthorizationHeader().Replace(value, m => string.Concat(m.Groups["name"].Value, m.Groups["sep"].Value, Placeholder));
            text = AuthScheme().Replace(text, m => string.Concat(m.Groups["scheme"].Value, " ", Placeholder));
            text = Jwt().Replace(text, Placeholder);
            text = NamedSecret().Replace(text, m => string.Concat(m.Groups["name"].Value, m.Groups["sep"].Value, Placeholder));
            text = LongSecret().Replace(text, m => IsLikelySecret(m.Value) ? Placeholder : m.Value);
            text = Email().Replace(text, m => PiiMask.Email(m.Value)!);
            return PhoneCandidate().Replace(text, RedactPhoneCandidate);
        }
        catch (RegexMatchTimeoutException)
        {
            // Text too pathological to scan in time is not let through unscanned.
            return Placeholder;
        }
    }

    /// <summary>Gets whether a structured-logging or configuration key names a secret (a password, a token, an API key, a signature ...).</summary>
    /// <param name="name">The key, for example <c>ApiKey</c> or <c>client_secret</c>.</param>
    /// <returns><see langword="true"/> when the value under that key is to be redacted whatever it looks like.</returns>
    public static bool IsSecretName(string? name) => !string.IsNullOrEmpty(name) && SecretName().IsMatch(name);

    private static bool IsLikelySecret(string candidate)
    {
        var hasDigit = false;
        var hasLetter = false;
        foreach (var c in candidate)
        {
            hasDigit |= char.IsAsciiDigit(c);
            hasLetter |= char.IsAsciiLetter(c);
        }

        // Identifiers that are long but not secret: GUIDs and Twilio-style SIDs (two letters and 32 hex digits) stay readable.
        return hasDigit && hasLetter && !Guid.TryParse(candidate, out _) && !Sid().IsMatch(candidate);
    }

    private static string RedactPhoneCandidate(Match match)
    {
        var candidate = match.Value;
        var digits = 0;
        foreach (var c in candidate)
        {
            digits += char.IsAsciiDigit(c) ? 1 : 0;
        }

        // Up to 19 digits: payment card numbers are personal data too, and a longer run is not a number a person has.
        if (digits is >= 7 and <= 19 && !IsoDate().IsMatch(candidate) && !Ipv4().IsMatch(candidate))
        {
            return PiiMask.Phone(candidate)!;
        }

        // A date followed by a number ("2024-05-01 13800138000") matches as one run: judge the space-separated parts one by one.
        var space = candidate.IndexOf(' ', StringComparison.Ordinal);
        return space < 0
            ? candidate
            : string.Concat(PhoneCandidate().Replace(candidate[..space], RedactPhoneCandidate), " ",
                PhoneCandidate().Replace(candidate[(space + 1)..], RedactPhoneCandidate));
    }

    [GeneratedRegex(@"(?<name>\b(?:proxy-)?authorization)(?<sep>""?\s*[:=]\s*""?)(?<value>[^\r\n]+?)(?=,\s*[A-Za-z\-]+\s*:|[\r\n]|$)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeoutMilliseconds)]
    private static partial Regex AuthorizationHeader();

    [GeneratedRegex(@"\b(?<scheme>bearer|basic|token)\s+[A-Za-z0-9\-._~+/]{8,}=*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeoutMilliseconds)]
    private static partial Regex AuthScheme();

    [GeneratedRegex(@"\beyJ[A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]*", RegexOptions.CultureInvariant, TimeoutMilliseconds)]
    private static partial Regex Jwt();

    [GeneratedRegex(@"(?<name>\b[A-Za-z0-9_\-]*?(?:password|passwd|pwd|secret|api[_\-]?key|token|signature|credential|cookie|session[_\-]?id)|\bsig)(?<sep>""?\s*[:=]\s*""?)(?!\[REDACTED\])(?<value>[^\s&"",;]+)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeoutMilliseconds)]
    private static partial Regex NamedSecret();

    [GeneratedRegex(@"(?<![A-Za-z0-9+/_\-])[A-Za-z0-9+/_\-]{32,}={0,2}(?![A-Za-z0-9+/=_\-])", RegexOptions.CultureInvariant, TimeoutMilliseconds)]
    private static partial Regex LongSecret();

    [GeneratedRegex(@"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}", RegexOptions.CultureInvariant, TimeoutMilliseconds)]
    private static partial Regex Email();

    [GeneratedRegex(@"(?<![\w@+.\-])(?:\+ ?)?\(?\d(?:[ .\-()]{0,2}\d){6,18}(?![\w@])", RegexOptions.CultureInvariant, TimeoutMilliseconds)]
    private static partial Regex PhoneCandidate();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}", RegexOptions.CultureInvariant, TimeoutMilliseconds)]
    private static partial Regex IsoDate();

    [GeneratedRegex(@"^\d{1,3}(?:\.\d{1,3}){3}$", RegexOptions.CultureInvariant, TimeoutMilliseconds)]
    private static partial Regex Ipv4();

    [GeneratedRegex(@"^[A-Z]{2}[0-9a-fA-F]{32}$", RegexOptions.CultureInvariant, TimeoutMilliseconds)]
    private static partial Regex Sid();

    [GeneratedRegex(@"(?:password|passwd|pwd|secret|api[_\-]?key|token|signature|credential|cookie|session[_\-]?id|authorization|^sig$)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeoutMilliseconds)]
    private static partial Regex SecretName();
}
