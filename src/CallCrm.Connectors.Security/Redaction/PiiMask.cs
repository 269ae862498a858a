using System;
using System.Text;

namespace CallCrm.Connectors.Security.Redaction;

/// <summary>Masks personal data so that a person can tell values apart without learning them. Used for masked fields
/// (<see cref="Access.FieldAccess.Masked"/>), log redaction and audit details.</summary>
public static class PiiMask
{
    /// <summary>Masks a phone number: every digit but the last two becomes <c>*</c>; a leading <c>+</c> and separators are kept.</summary>
    /// <param name="value">The number in any form.</param>
    /// <returns>For example <c>+*********00</c> for <c>+8613800138000</c>; <see langword="null"/> for <see langword="null"/>.</returns>
    public static string? Phone(string? value)
    {
        if (value is null)
        {
            return null;
        }

        var digits = 0;
        foreach (var c in value)
        {
            digits += char.IsAsciiDigit(c) ? 1 : 0;
        }

        // Short numbers (extensions, service numbers) are masked completely: two digits of four say too much.
        var keep = digits >= 7 ? 2 : 0;
        var builder = new StringBuilder(value.Length);
        var seen = 0;
        foreach (var c in value)
        {
            if (char.IsAsciiDigit(c))
            {
                seen++;
                builder.Append(seen > digits - keep ? c : '*');
            }
            else if (c is '+' or ' ' or '-' or '(' or ')' or '.')
            {
                builder.Append(c);
            }
            else
            {
                builder.Append('*');
            }
        }

        return builder.ToString();
    }

    /// <summary>Masks an e-mail address, keeping the first character of the mailbox and of the domain and the top-level domain.</summary>
    /// <param name="value">The address.</param>
    /// <returns>For example <c>j***@e***.com</c> for <c>jane.doe@example.com</c>; a text mask when the value is not an address.</returns>
    public static string? Email(string? value)
    {
        if (value is null)
        {
            return null;
        }

        var at = value.LastIndexOf('@');
        if (at <= 0 || at == value.Length - 1)
        {
            return Text(value);
        }

        var domain = value.AsSpan(at + 1);
        var dot = domain.LastIndexOf('.');
        var topLevel = dot > 0 ? domain[dot..] : ReadOnlySpan<char>.Empty;
        return string.Concat(value[..1], "***@", domain[..1].ToString(), "***", topLevel.ToString());
    }

    /// <summary>Masks text (a name, a custom field): the first character and <c>***</c>, which hides the length too.</summary>
    /// <param name="value">The text.</param>
    /// <returns>For example <c>J***</c> for <c>Jane</c>; empty for empty; <see langword="null"/> for <see langword="null"/>.</returns>
    public static string? Text(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return value;
        }

        return char.IsHighSurrogate(value[0]) ? "***" : string.Concat(value.AsSpan(0, 1), "***");
    }
}
