using System;
using System.Collections.Generic;
using CallCrm.Connectors.Errors;
using CallCrm.Connectors.Mapping;
using CallCrm.Connectors.Model;

namespace CallCrm.Connectors.Sync.Transforms;

/// <summary>A cleansing rule for call records: runs <see cref="CallRecord.CustomFields"/> through a <see cref="FieldRuleSet"/>
/// (the Core package's cleansing rules) and dead-letters records with a field the rules refuse.</summary>
/// <remarks>
/// <para>A hosted stream configures one from <c>CallCrm:Streams:&lt;name&gt;:Cleansing</c> (<see cref="FieldCleansingOptions"/>);
/// in code, pass a rule set built with <see cref="FieldRuleSetBuilder"/> for rules configuration cannot express.</para>
/// <para>A refused record fails with one <see cref="FieldError"/> per bad field and the rules' code (for example
/// <see cref="ConnectorErrorCode.InvalidDateTime"/>), never the values. Warnings (a truncation) are not errors: the shortened
/// value is sent. Fields without rules are sent as they are.</para>
/// </remarks>
public sealed class FieldCleansingTransform : IRecordTransform<CallRecord>
{
    private readonly FieldRuleSet _rules;

    /// <summary>Initializes a new instance of the <see cref="FieldCleansingTransform"/> class.</summary>
    /// <param name="rules">The rules of the custom fields.</param>
    public FieldCleansingTransform(FieldRuleSet rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        _rules = rules;
    }

    /// <summary>Initializes a new instance of the <see cref="FieldCleansingTransform"/> class from configured rules.</summary>
    /// <param name="options">The configured rules.</param>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">The options are not valid.</exception>
    public FieldCleansingTransform(FieldCleansingOptions options)
        : this(new FieldRuleSetBuilder().Add(options ?? throw new ArgumentNullException(nameof(options))).Build())
    {
    }

    /// <inheritdoc />
    public CallRecord Transform(CallRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var cleaned = _rules.Apply(record.CustomFields);
        if (cleaned.HasErrors)
        {
            throw new ConnectorException(cleaned.ToConnectorError());
        }

        return SameFields(record.CustomFields, cleaned.Values) ? record : record with { CustomFields = cleaned.Values };
    }

    // Returning the record itself when nothing changed spares a copy and keeps the source's dictionary as it was.
    private static bool SameFields(IReadOnlyDictionary<string, string> before, IReadOnlyDictionary<string, string> after)
    {
        if (before.Count != after.Count)
        {
            return false;
        }

        foreach (var (name, value) in before)
        {
            if (!after.TryGetValue(name, out var cleaned) || !string.Equals(value, cleaned, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }
}
