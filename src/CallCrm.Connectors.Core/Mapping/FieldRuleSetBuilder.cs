using System;
using System.Collections.Generic;

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
}
