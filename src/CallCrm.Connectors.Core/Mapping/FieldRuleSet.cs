using System;
using System.Collections.Generic;

namespace CallCrm.Connectors.Mapping;

/// <summary>
/// Per-field cleansing rules that a mapping applies to the string fields of a record (for example
/// <c>CallRecord.CustomFields</c>, or the agent and queue names): each field's rules run in order, each receiving the
/// value the previous one returned. Bad data never throws: problems are collected per field.
/// </summary>
/// <remarks>
/// <para>An error stops the field's remaining rules and keeps the value the failing rule returned (normally the value it
/// received), so that a dead-lettered record still shows what arrived. A warning (a truncation) lets the rules go on.</para>
/// <para>Build one with <see cref="FieldRuleSetBuilder"/>. Instances are immutable and thread-safe.</para>
/// </remarks>
public sealed class FieldRuleSet
{
    private readonly Dictionary<string, IFieldRule[]> chains;

    internal FieldRuleSet(Dictionary<string, IFieldRule[]> chains)
    {
        this.chains = chains;
    }

    /// <summary>Gets the names of the fields that have rules.</summary>
    public IReadOnlyCollection<string> Fields => chains.Keys;

    /// <summary>Applies the rules to the fields of a record.</summary>
    /// <param name="record">The fields, by name (for example <c>CallRecord.CustomFields</c>); an absent field is a missing key.</param>
    /// <returns>The cleaned fields and the problems found. Fields without rules are copied as they are; fields that have
    /// rules but are absent from the record are run through them too (so that <c>Required</c> and <c>Default</c> work);
    /// fields whose cleaned value is <see langword="null"/> are left out.</returns>
    public CleansingResult Apply(IReadOnlyDictionary<string, string> record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var values = new Dictionary<string, string>(record.Count + chains.Count, chains.Comparer);
        var problems = new List<FieldProblem>();
        HashSet<string>? seen = null;
        foreach (KeyValuePair<string, string> field in record)
        {
            string? value = field.Value;
            if (chains.TryGetValue(field.Key, out IFieldRule[]? chain))
            {
                (seen ??= new HashSet<string>(chains.Comparer)).Add(field.Key);
                value = Run(field.Key, chain, value, problems);
            }

            if (value is not null)
            {
                values[field.Key] = value;
            }
        }

        foreach (KeyValuePair<string, IFieldRule[]> rule in chains)
        {
            if (seen is null || !seen.Contains(rule.Key))
            {
                string? value = Run(rule.Key, rule.Value, null, problems);
                if (value is not null)
                {
                    values[rule.Key] = value;
                }
            }
        }

        return new CleansingResult(values, problems);
    }

    /// <summary>Applies the rules of one field to a value, for a field held in a property rather than in a dictionary.</summary>
    /// <param name="field">The field's name.</param>
    /// <param name="value">The value, or <see langword="null"/> when absent.</param>
    /// <param name="problems">Receives the problems found.</param>
    /// <returns>The cleaned value; <paramref name="value"/> itself when the field has no rules.</returns>
    public string? ApplyField(string field, string? value, ICollection<FieldProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(field);
        ArgumentNullException.ThrowIfNull(problems);
        return chains.TryGetValue(field, out IFieldRule[]? chain) ? Run(field, chain, value, problems) : value;
    }

    private static string? Run(string field, IFieldRule[] chain, string? value, ICollection<FieldProblem> problems)
    {
        foreach (IFieldRule rule in chain)
        {
            FieldRuleOutcome outcome = rule.Apply(value);
            value = outcome.Value;
            if (outcome.Reason is not null)
            {
                problems.Add(new FieldProblem(field, outcome.Reason, outcome.Code, outcome.Severity));
                if (outcome.IsError)
                {
                    break;
                }
            }
        }

        return value;
    }
}
