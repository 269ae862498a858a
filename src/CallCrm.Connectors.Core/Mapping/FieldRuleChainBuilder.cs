using System;
using System.Collections.Generic;
using CallCrm.Connectors.Normalization;

namespace CallCrm.Connectors.Mapping;

/// <summary>Builds the chain of rules of one field, applied in the order they are added.</summary>
/// <remarks>Each method adds the rule of the same name in <see cref="FieldRules"/>.</remarks>
public sealed class FieldRuleChainBuilder
{
    private readonly List<IFieldRule> rules = [];

    internal FieldRuleChainBuilder()
    {
    }

    /// <summary>Adds <see cref="FieldRules.Trim"/>.</summary>
    /// <returns>This builder.</returns>
    public FieldRuleChainBuilder Trim() => Use(FieldRules.Trim());

    /// <summary>Adds <see cref="FieldRules.CleanText(TextCleaner?)"/>.</summary>
    /// <param name="cleaner">The cleaner, or <see langword="null"/> for <see cref="TextCleaner.Default"/>.</param>
    /// <returns>This builder.</returns>
    public FieldRuleChainBuilder CleanText(TextCleaner? cleaner = null) => Use(FieldRules.CleanText(cleaner));

    /// <summary>Adds <see cref="FieldRules.NormalizeEmail(EmailNormalizer?)"/>.</summary>
    /// <param name="normalizer">The normalizer, or <see langword="null"/> for <see cref="EmailNormalizer.Default"/>.</param>
    /// <returns>This builder.</returns>
    public FieldRuleChainBuilder NormalizeEmail(EmailNormalizer? normalizer = null) => Use(FieldRules.NormalizeEmail(normalizer));

    /// <summary>Adds <see cref="FieldRules.NormalizeDateTime(DateTimeNormalizer)"/>.</summary>
    /// <param name="normalizer">The normalizer.</param>
    /// <returns>This builder.</returns>
    public FieldRuleChainBuilder NormalizeDateTime(DateTimeNormalizer normalizer) => Use(FieldRules.NormalizeDateTime(normalizer));

    /// <summary>Adds <see cref="FieldRules.NormalizePhone(Func{string, string?})"/>.</summary>
    /// <param name="toE164">Returns the E.164 form, or <see langword="null"/> for an invalid number.</param>
    /// <returns>This builder.</returns>
    public FieldRuleChainBuilder NormalizePhone(Func<string, string?> toE164) => Use(FieldRules.NormalizePhone(toE164));

    /// <summary>Adds <see cref="FieldRules.NormalizePhone(Func{string, FieldRuleOutcome})"/>.</summary>
    /// <param name="normalize">Returns the whole outcome.</param>
    /// <returns>This builder.</returns>
    public FieldRuleChainBuilder NormalizePhone(Func<string, FieldRuleOutcome> normalize) => Use(FieldRules.NormalizePhone(normalize));

    /// <summary>Adds <see cref="FieldRules.Truncate(int)"/>.</summary>
    /// <param name="maxLength">The greatest length; at least 1.</param>
    /// <returns>This builder.</returns>
    public FieldRuleChainBuilder Truncate(int maxLength) => Use(FieldRules.Truncate(maxLength));

    /// <summary>Adds <see cref="FieldRules.Required"/>.</summary>
    /// <returns>This builder.</returns>
    public FieldRuleChainBuilder Required() => Use(FieldRules.Required());

    /// <summary>Adds <see cref="FieldRules.Default(string)"/>.</summary>
    /// <param name="value">The default value.</param>
    /// <returns>This builder.</returns>
    public FieldRuleChainBuilder Default(string value) => Use(FieldRules.Default(value));

    /// <summary>Adds a rule of a delegate (<see cref="FieldRules.FromDelegate(Func{string?, FieldRuleOutcome})"/>).</summary>
    /// <param name="apply">The delegate; it must not throw for bad data.</param>
    /// <returns>This builder.</returns>
    public FieldRuleChainBuilder Use(Func<string?, FieldRuleOutcome> apply) => Use(FieldRules.FromDelegate(apply));

    /// <summary>Adds a rule.</summary>
    /// <param name="rule">The rule.</param>
    /// <returns>This builder.</returns>
    public FieldRuleChainBuilder Use(IFieldRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        rules.Add(rule);
        return this;
    }

    internal IFieldRule[] Build() => [.. rules];
}
