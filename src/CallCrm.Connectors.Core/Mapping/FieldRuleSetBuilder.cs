using System;
using System.Collections.Generic;
using CallCrm.Connectors.Normalization;
using Microsoft.Extensions.Options;

namespace CallCrm.Connectors.Mapping;

/// <summary>Builds a <see cref="FieldRuleSet"/>: which rules apply to which field.</summary>
/// <example>
/// <code>
/// FieldRuleSet rules = new FieldRuleSetBuilder()
///     .Field("email", f => f.CleanText().NormalizeEmail())
///     .Field("agent", f => f.CleanText().Truncate(64).Default("unassigned"))
///     .Field("order_id", f => f.Trim().Required())
///     .Build();
/// </code>
/// </example>
public sealed class FieldRuleSetBuilder
{
    private readonly Dictionary<string, FieldRuleChainBuilder> fields;

    /// <summary>Initializes a new instance of the <see cref="FieldRuleSetBuilder"/> class, matching field names
    /// without regard to case (<see cref="StringComparer.OrdinalIgnoreCase"/>), as most CRMs do.</summary>
    public FieldRuleSetBuilder()
        : this(StringComparer.OrdinalIgnoreCase)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="FieldRuleSetBuilder"/> class.</summary>
    /// <param name="fieldNameComparer">How field names are matched.</param>
    public FieldRuleSetBuilder(StringComparer fieldNameComparer)
    {
        ArgumentNullException.ThrowIfNull(fieldNameComparer);
        fields = new Dictionary<string, FieldRuleChainBuilder>(fieldNameComparer);
    }

    /// <summary>Adds rules to a field; rules added to the same field again run after the earlier ones.</summary>
    /// <param name="name">The field's name.</param>
    /// <param name="configure">Adds the rules, in order.</param>
    /// <returns>This builder.</returns>
    public FieldRuleSetBuilder Field(string name, Action<FieldRuleChainBuilder> configure)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(configure);
        if (!fields.TryGetValue(name, out FieldRuleChainBuilder? chain))
        {
            chain = new FieldRuleChainBuilder();
            fields.Add(name, chain);
        }

        configure(chain);
        return this;
    }

    /// <summary>Adds the rules configured in <paramref name="options"/>, after any rules already added to the same fields.</summary>
    /// <param name="options">The configured rules.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="OptionsValidationException">The options are not valid (<see cref="FieldCleansingOptions.Validate"/>).</exception>
    public FieldRuleSetBuilder Add(FieldCleansingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ThrowIfInvalid();
        // One normalizer each for the whole set, created only when a field needs it (they validate their own options).
        DateTimeNormalizer? dates = options.Uses(FieldNormalization.DateTime) ? new DateTimeNormalizer(options.DateTimeOptions()) : null;
        PhoneNumberNormalizer? phones = options.Uses(FieldNormalization.Phone) ? new PhoneNumberNormalizer(options.PhoneOptions()) : null;
        foreach (KeyValuePair<string, FieldCleansingRule> field in options.Fields)
        {
            if (field.Value is { } rule)
            {
                Field(field.Key, chain => AddSteps(chain, rule, dates, phones));
            }
        }

        return this;
    }

    /// <summary>Builds the immutable, thread-safe rule set.</summary>
    /// <returns>The rule set.</returns>
    public FieldRuleSet Build()
    {
        var chains = new Dictionary<string, IFieldRule[]>(fields.Count, fields.Comparer);
        foreach (KeyValuePair<string, FieldRuleChainBuilder> field in fields)
        {
            chains.Add(field.Key, field.Value.Build());
        }

        return new FieldRuleSet(chains);
    }

    private static void AddSteps(FieldRuleChainBuilder chain, FieldCleansingRule rule, DateTimeNormalizer? dates, PhoneNumberNormalizer? phones)
    {
        if (rule.CleanText)
        {
            chain.CleanText();
        }
        else if (rule.Trim)
        {
            chain.Trim();
        }

        if (rule.Default is { } value)
        {
            chain.Default(value);
        }

        if (rule.Required)
        {
            chain.Required();
        }

        switch (rule.Normalize)
        {
            case FieldNormalization.Email:
                chain.NormalizeEmail();
                break;
            case FieldNormalization.DateTime:
                chain.NormalizeDateTime(dates!);
                break;
            case FieldNormalization.Phone:
                chain.NormalizePhone(raw => phones!.Normalize(raw) is { IsValid: true } result ? result.E164 : null);
                break;
        }

        if (rule.MaxLength is { } maxLength)
        {
            chain.Truncate(maxLength);
        }
    }
}
