using System;
using System.Security.Cryptography;
using System.Text;
using CallCrm.Connectors.Model;
using Microsoft.Extensions.Options;

namespace CallCrm.Connectors.Security.Audit;

/// <summary>Turns phone numbers and other personal identifiers into keyed pseudonyms for audit entries: the same value always gives the
/// same pseudonym (so an auditor can follow one number through the log), but without the key nobody can go back, or test guesses.</summary>
public sealed class AuditPseudonymizer
{
    private const string Prefix = "hmac:";
    private readonly byte[] key;

    /// <summary>Initializes a new instance of the <see cref="AuditPseudonymizer"/> class.</summary>
    /// <param name="options">The audit options holding the key.</param>
    public AuditPseudonymizer(IOptions<AuditLogOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var value = options.Value;
        if (value.PseudonymizationKey is { } own)
        {
            key = own.RevealUtf8();
        }
        else
        {
            var sealing = value.SealingKey ?? throw new ArgumentException("AuditLogOptions.SealingKey is not set.", nameof(options));
            key = AuditChain.DeriveKey(sealing.RevealUtf8(), "CallCrm.Connectors.Audit.Pseudonym.v1");
        }
    }

    /// <summary>Pseudonymizes a value.</summary>
    /// <param name="value">The value (compared exactly; normalize first).</param>
    /// <returns><c>hmac:</c> and 20 hex digits; <see langword="null"/> for <see langword="null"/>.</returns>
    public string? Pseudonymize(string? value)
    {
        if (value is null)
        {
            return null;
        }

        var mac = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(value));
        return string.Concat(Prefix, Convert.ToHexStringLower(mac.AsSpan(0, 10)));
    }

    /// <summary>Pseudonymizes a phone number by its E.164 form (or, when it has none, its digits and a leading <c>+</c>), so that the
    /// spellings of one number give one pseudonym.</summary>
    /// <param name="number">The number.</param>
    /// <returns>The pseudonym, or <see langword="null"/> for an empty number.</returns>
    public string? Pseudonymize(PhoneNumber? number)
    {
        if (number is null)
        {
            return null;
        }

        if (number.E164 is { } e164)
        {
            return Pseudonymize(e164);
        }

        if (string.IsNullOrEmpty(number.Raw))
        {
            return null;
        }

        // A raw "+86 138 0013 8000" gives the pseudonym of its E.164 spelling "+8613800138000".
        var digits = new StringBuilder(number.Raw.Length);
        if (number.Raw.TrimStart().StartsWith('+'))
        {
            digits.Append('+');
        }

        foreach (var c in number.Raw)
        {
            if (char.IsAsciiDigit(c))
            {
                digits.Append(c);
            }
        }

        return Pseudonymize(digits.ToString());
    }
}
