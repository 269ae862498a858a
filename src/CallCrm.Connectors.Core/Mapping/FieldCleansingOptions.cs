using System;
using System.Collections.Generic;
using System.Linq;
using CallCrm.Connectors.Normalization;
using Microsoft.Extensions.Options;

namespace CallCrm.Connectors.Mapping;

/// <summary>Cleansing rules for a record's custom fields, bindable from configuration (for a hosted stream,
/// <c>CallCrm:Streams:&lt;name&gt;:Cleansing</c>); <see cref="FieldRuleSetBuilder.Add(FieldCleansingOptions)"/> turns them
/// into a <see cref="FieldRuleSet"/>.</summary>
/// <example>
/// <code>
/// "Cleansing": {
///   "DefaultZone": "Asia/Shanghai",
///   "DefaultRegion": "CN",
///   "Fields": {
///     "customer_email": { "CleanText": true, "Normalize": "Email" },
///     "callback_at": { "Normalize": "DateTime" },
///     "queue": { "CleanText": true, "Default": "general", "MaxLength": 64 },
///     "order_id": { "Trim": true, "Required": true }
///   }
/// }
/// </code>
/// </example>
public sealed class FieldCleansingOptions
{
    /// <summary>Gets the rule of each field, by field name (matched without regard to case).</summary>
    /// <value>The default value is an empty dictionary: nothing is cleansed.</value>
    public IDictionary<string, FieldCleansingRule> Fields { get; } = new Dictionary<string, FieldCleansingRule>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Gets or sets the IANA time zone in which <see cref="FieldNormalization.DateTime"/> fields' local times are read.</summary>
    /// <value>The default value is <see langword="null"/>; required when a field normalizes dates and times.</value>
    public string? DefaultZone { get; set; }

    /// <summary>Gets or sets the ISO 3166-1 region in which <see cref="FieldNormalization.Phone"/> fields' national numbers are read.</summary>
    /// <value>The default value is <see langword="null"/>; required when a field normalizes phone numbers.</value>
    public string? DefaultRegion { get; set; }

    /// <summary>Checks the options.</summary>
    /// <returns>What is wrong, one sentence per problem naming the setting; empty when the options are valid.</returns>
    public IReadOnlyList<string> Validate()
    {
        var failures = new List<string>();
        foreach (var (field, rule) in Fields.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            if (rule is null)
            {
                continue;
            }

            if (rule.MaxLength is < 1)
            {
                failures.Add(ValidationText.Format("Cleansing.MaxLength", field, rule.MaxLength));
            }

            if (!Enum.IsDefined(rule.Normalize))
            {
                failures.Add(ValidationText.Format("Cleansing.Normalize", field, rule.Normalize));
            }
        }

        if (Uses(FieldNormalization.DateTime))
        {
            failures.AddRange(new DateTimeNormalizerOptionsValidator().Validate(null, DateTimeOptions()).Failures ?? []);
        }

        if (Uses(FieldNormalization.Phone))
        {
            failures.AddRange(new PhoneNumberNormalizerOptionsValidator().Validate(null, PhoneOptions()).Failures ?? []);
        }

        return failures;
    }

    internal bool Uses(FieldNormalization normalization) => Fields.Values.Any(r => r?.Normalize == normalization);

    internal DateTimeNormalizerOptions DateTimeOptions() => new() { DefaultZone = DefaultZone };

    internal PhoneNumberNormalizerOptions PhoneOptions() => new() { DefaultRegion = DefaultRegion ?? string.Empty };

    internal void ThrowIfInvalid()
    {
        var failures = Validate();
        if (failures.Count > 0)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(FieldCleansingOptions), failures);
        }
    }
}
