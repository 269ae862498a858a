using System;
using System.Globalization;
using CallCrm.Connectors.Errors;
using CallCrm.Connectors.Normalization;
using NodaTime.Text;

namespace CallCrm.Connectors.Mapping;

/// <summary>The built-in cleansing rules. <see cref="FieldRuleChainBuilder"/> offers the same rules fluently.</summary>
/// <remarks>The normalizing rules pass an absent or empty value through untouched: whether a field must be present is
/// the business of <see cref="Required"/> and <see cref="Default(string)"/>.</remarks>
public static class FieldRules
{
    private static readonly IFieldRule TrimRule = new DelegateFieldRule(nameof(Trim), static value => FieldRuleOutcome.Continue(value?.Trim()));

    private static readonly IFieldRule RequiredRule = new DelegateFieldRule(
        nameof(Required),
        static value => string.IsNullOrWhiteSpace(value)
            ? FieldRuleOutcome.Error(value, "The field is required but is missing or empty.", ConnectorErrorCode.InvalidRecord)
            : FieldRuleOutcome.Continue(value));

    /// <summary>Removes leading and trailing white space.</summary>
    /// <returns>The rule.</returns>
    public static IFieldRule Trim() => TrimRule;

    /// <summary>Cleans text with a <see cref="TextCleaner"/>: trims, removes invisible characters, turns full-width ASCII
    /// into ASCII, collapses white space and composes to Unicode form C.</summary>
    /// <param name="cleaner">The cleaner, or <see langword="null"/> for <see cref="TextCleaner.Default"/>.</param>
    /// <returns>The rule.</returns>
    public static IFieldRule CleanText(TextCleaner? cleaner = null)
    {
        TextCleaner chosen = cleaner ?? TextCleaner.Default;
        return new DelegateFieldRule(nameof(CleanText), value => FieldRuleOutcome.Continue(chosen.Clean(value)));
    }

    /// <summary>Normalizes an e-mail address with an <see cref="EmailNormalizer"/>; an invalid address is an error
    /// with code <see cref="ConnectorErrorCode.InvalidRecord"/>.</summary>
    /// <param name="normalizer">The normalizer, or <see langword="null"/> for <see cref="EmailNormalizer.Default"/>.</param>
    /// <returns>The rule.</returns>
    public static IFieldRule NormalizeEmail(EmailNormalizer? normalizer = null)
    {
        EmailNormalizer chosen = normalizer ?? EmailNormalizer.Default;
        return new DelegateFieldRule(nameof(NormalizeEmail), value =>
        {
            if (string.IsNullOrEmpty(value))
            {
                return FieldRuleOutcome.Continue(value);
            }

            EmailNormalizationResult result = chosen.Normalize(value);
            return result.IsSuccess
                ? FieldRuleOutcome.Continue(result.Value)
                : FieldRuleOutcome.Error(value, result.FailureMessage!, ConnectorErrorCode.InvalidRecord);
        });
    }

    /// <summary>Reads a date and time with a <see cref="DateTimeNormalizer"/> and writes it as an ISO 8601 UTC instant
    /// (<c>2026-11-23T06:05:00Z</c>, with as many fractional digits as needed); a value that cannot be read is an error
    /// with code <see cref="ConnectorErrorCode.InvalidDateTime"/>.</summary>
    /// <param name="normalizer">The normalizer, which knows the zone of local times.</param>
    /// <returns>The rule.</returns>
    public static IFieldRule NormalizeDateTime(DateTimeNormalizer normalizer)
    {
        ArgumentNullException.ThrowIfNull(normalizer);
        return new DelegateFieldRule(nameof(NormalizeDateTime), value =>
        {
            if (string.IsNullOrEmpty(value))
            {
                return FieldRuleOutcome.Continue(value);
            }

            DateTimeNormalizationResult result = normalizer.Normalize(value);
            return result.TryGetInstant(out NodaTime.Instant instant)
                ? FieldRuleOutcome.Continue(InstantPattern.ExtendedIso.Format(instant))
                : FieldRuleOutcome.Error(value, result.FailureMessage!, ConnectorErrorCode.InvalidDateTime);
        });
    }

    /// <summary>Normalizes a phone number with a function that returns its E.164 form, or <see langword="null"/> when it
    /// is not a valid number (an error with code <see cref="ConnectorErrorCode.InvalidPhoneNumber"/>).</summary>
    /// <param name="toE164">The function, for example one that calls the SDK's phone number normalizer.</param>
    /// <returns>The rule.</returns>
    public static IFieldRule NormalizePhone(Func<string, string?> toE164)
    {
        ArgumentNullException.ThrowIfNull(toE164);
        return NormalizePhone(value => toE164(value) is { } e164
            ? FieldRuleOutcome.Continue(e164)
            : FieldRuleOutcome.Error(value, "The phone number is not valid.", ConnectorErrorCode.InvalidPhoneNumber));
    }

    /// <summary>Normalizes a phone number with a function that returns the whole outcome, so that it can give its own reason.</summary>
    /// <param name="normalize">The function; it receives only non-empty values.</param>
    /// <returns>The rule.</returns>
    public static IFieldRule NormalizePhone(Func<string, FieldRuleOutcome> normalize)
    {
        ArgumentNullException.ThrowIfNull(normalize);
        return new DelegateFieldRule(
            nameof(NormalizePhone),
            value => string.IsNullOrEmpty(value) ? FieldRuleOutcome.Continue(value) : normalize(value));
    }

    /// <summary>Shortens a value to at most <paramref name="maxLength"/> UTF-16 characters, never splitting a surrogate
    /// pair, and records a warning when it does.</summary>
    /// <param name="maxLength">The greatest length the target accepts; at least 1.</param>
    /// <returns>The rule.</returns>
    public static IFieldRule Truncate(int maxLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 1);
        string reason = string.Create(CultureInfo.InvariantCulture, $"The value was truncated to {maxLength} characters.");
        return new DelegateFieldRule(nameof(Truncate), value =>
        {
            if (value is null || value.Length <= maxLength)
            {
                return FieldRuleOutcome.Continue(value);
            }

            int length = char.IsHighSurrogate(value[maxLength - 1]) ? maxLength - 1 : maxLength;
            return FieldRuleOutcome.Warning(value[..length], reason, ConnectorErrorCode.InvalidRecord);
        });
    }

    /// <summary>Refuses a missing, empty or blank value (an error with code <see cref="ConnectorErrorCode.InvalidRecord"/>).</summary>
    /// <returns>The rule.</returns>
    public static IFieldRule Required() => RequiredRule;

    /// <summary>Replaces a missing, empty or blank value with a default.</summary>
    /// <param name="value">The default value.</param>
    /// <returns>The rule.</returns>
    public static IFieldRule Default(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new DelegateFieldRule(nameof(Default), current => FieldRuleOutcome.Continue(string.IsNullOrWhiteSpace(current) ? value : current));
    }

    /// <summary>Makes a rule of a delegate.</summary>
    /// <param name="apply">The delegate; it must not throw for bad data.</param>
    /// <returns>The rule.</returns>
    public static IFieldRule FromDelegate(Func<string?, FieldRuleOutcome> apply)
    {
        ArgumentNullException.ThrowIfNull(apply);
        return new DelegateFieldRule("Custom", apply);
    }
}
