using System;
using System.Buffers;
using System.Globalization;
using System.Text;

namespace CallCrm.Connectors.Normalization;

/// <summary>
/// Cleans and checks e-mail addresses so that the same mailbox compares equal however a person typed it: cleans the text
/// (full-width <c>＠</c> and letters, invisible characters), drops a <c>mailto:</c> prefix and angle brackets, keeps the
/// local part's case (it may be significant to the receiving server), and writes the domain in lower-case ASCII, with
/// internationalized domain names in punycode (<c>用户@例子.中国</c> becomes <c>用户@xn--fsqu00a.xn--fiqs8s</c>).
/// </summary>
/// <remarks>
/// <para>The check is of the basic shape that CRMs accept, not full RFC 5322: unquoted local parts (dot-atoms, with
/// non-ASCII letters allowed as in RFC 6531) and host-name domains with at least two labels. Quoted local parts, comments
/// and address literals (<c>user@[192.0.2.1]</c>) are refused. Bad input never throws.</para>
/// <para>Instances are immutable and thread-safe.</para>
/// </remarks>
public sealed class EmailNormalizer
{
    private const int MaxLocalPartBytes = 64;
    private const int MaxAddressLength = 254;
    private const int MaxLabelLength = 63;

    // RFC 5322 atext: the characters an unquoted local part may hold besides letters, digits and dots.
    private static readonly SearchValues<char> AtextSymbols = SearchValues.Create("!#$%&'*+-/=?^_`{|}~");

    // Letters, digits and hyphens (LDH), after lower-casing.
    private static readonly SearchValues<char> HostNameCharacters = SearchValues.Create("abcdefghijklmnopqrstuvwxyz0123456789-");

    private readonly TextCleaner cleaner;

    /// <summary>Initializes a new instance of the <see cref="EmailNormalizer"/> class with <see cref="TextCleaner.Default"/>.</summary>
    public EmailNormalizer()
        : this(TextCleaner.Default)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="EmailNormalizer"/> class.</summary>
    /// <param name="cleaner">The text cleaner applied first.</param>
    public EmailNormalizer(TextCleaner cleaner)
    {
        ArgumentNullException.ThrowIfNull(cleaner);
        this.cleaner = cleaner;
    }

    /// <summary>Gets a normalizer with the default text cleaner.</summary>
    public static EmailNormalizer Default { get; } = new();

    /// <summary>Cleans and checks an e-mail address.</summary>
    /// <param name="raw">The address as the source sent it.</param>
    /// <returns>The normalized address, or why it was refused.</returns>
    public EmailNormalizationResult Normalize(string? raw)
    {
        ReadOnlySpan<char> text = cleaner.Clean(raw);
        if (text.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase))
        {
            text = text[7..].Trim();
        }

        if (text.Length >= 2 && text[0] == '<' && text[^1] == '>')
        {
            text = text[1..^1].Trim();
        }

        if (text.IsEmpty)
        {
            return EmailNormalizationResult.Failure(EmailFailureReason.Empty, "The e-mail address is empty.");
        }

        int at = text.LastIndexOf('@');
        if (at < 0)
        {
            return EmailNormalizationResult.Failure(EmailFailureReason.MissingAtSign, "The e-mail address has no '@'.");
        }

        ReadOnlySpan<char> local = text[..at];
        string? localProblem = FindLocalPartProblem(local);
        if (localProblem is not null)
        {
            return EmailNormalizationResult.Failure(EmailFailureReason.InvalidLocalPart, localProblem);
        }

        ReadOnlySpan<char> domain = text[(at + 1)..];
        if (domain.EndsWith('.'))
        {
            domain = domain[..^1]; // a fully qualified "example.com." names the same domain
        }

        string? asciiDomain = ToAsciiDomain(domain, out string? domainProblem);
        if (asciiDomain is null)
        {
            return EmailNormalizationResult.Failure(EmailFailureReason.InvalidDomain, domainProblem!);
        }

        if (local.Length + 1 + asciiDomain.Length > MaxAddressLength)
        {
            return EmailNormalizationResult.Failure(
                EmailFailureReason.TooLong,
                string.Create(CultureInfo.InvariantCulture, $"The e-mail address is longer than {MaxAddressLength} characters."));
        }

        return EmailNormalizationResult.Success(string.Concat(local, "@", asciiDomain));
    }

    private static string? FindLocalPartProblem(ReadOnlySpan<char> local)
    {
        if (local.IsEmpty)
        {
            return "The e-mail address has nothing before the '@'.";
        }

        if (Encoding.UTF8.GetByteCount(local) > MaxLocalPartBytes)
        {
            return "The part before the '@' is longer than 64 bytes.";
        }

        if (local[0] == '.' || local[^1] == '.' || local.Contains("..", StringComparison.Ordinal))
        {
            return "The part before the '@' starts or ends with a dot, or has two dots in a row.";
        }

        foreach (char c in local)
        {
            bool allowed = char.IsAsciiLetterOrDigit(c) || c == '.' || AtextSymbols.Contains(c)
                || (c > '\u007F' && !char.IsWhiteSpace(c) && !char.IsControl(c));
            if (!allowed)
            {
                return "The part before the '@' holds a character an e-mail address may not hold (such as a space, '@', ',', '(' or a quote).";
            }
        }

        return null;
    }

    // Lower-case ASCII host name, with internationalized labels turned into punycode by IDNA.
    private static string? ToAsciiDomain(ReadOnlySpan<char> domain, out string? problem)
    {
        problem = null;
        string ascii;
        if (!Ascii.IsValid(domain))
        {
            try
            {
                // A new IdnMapping per call: its instance members are not documented as thread-safe.
                ascii = new IdnMapping { UseStd3AsciiRules = true }.GetAscii(domain.ToString());
            }
            catch (ArgumentException)
            {
                problem = "The part after the '@' is an internationalized domain name that IDNA refuses.";
                return null;
            }
        }
        else
        {
            ascii = domain.ToString();
        }

        ascii = ascii.ToLowerInvariant();
        problem = FindHostNameProblem(ascii);
        return problem is null ? ascii : null;
    }

    private static string? FindHostNameProblem(string host)
    {
        if (host.Length == 0)
        {
            return "The e-mail address has nothing after the '@'.";
        }

        int labels = 0;
        int lastLabelStart = 0;
        foreach (Range range in host.AsSpan().Split('.'))
        {
            ReadOnlySpan<char> label = host.AsSpan()[range];
            labels++;
            lastLabelStart = range.Start.GetOffset(host.Length);
            if (label.IsEmpty || label.Length > MaxLabelLength)
            {
                return "The part after the '@' has an empty label or one longer than 63 characters.";
            }

            if (label[0] == '-' || label[^1] == '-' || label.ContainsAnyExcept(HostNameCharacters))
            {
                return "The part after the '@' holds a character a host name may not hold, or a label starts or ends with '-'.";
            }
        }

        if (labels < 2)
        {
            return "The part after the '@' is a single label, not a domain such as example.com.";
        }

        if (!host.AsSpan(lastLabelStart).ContainsAnyExceptInRange('0', '9'))
        {
            return "The part after the '@' ends with an all-numeric label (an IP address is not accepted).";
        }

        return null;
    }
}
