using System;
using System.Collections.Generic;
using Microsoft.Extensions.Options;
using CallCrm.Connectors.Normalization;

namespace CallCrm.Connectors.ScreenPop;

/// <summary>Checks <see cref="ScreenPopOptions"/>: a known region, positive durations and sizes, a create-lead template with <c>{phone}</c>.</summary>
internal sealed class ScreenPopOptionsValidator : IValidateOptions<ScreenPopOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, ScreenPopOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        // The normalizer's own validator knows libphonenumber's regions: one source of truth.
        var regionCheck = new PhoneNumberNormalizerOptionsValidator().Validate(name, new PhoneNumberNormalizerOptions { DefaultRegion = options.Region ?? string.Empty });
        if (regionCheck.Failed)
        {
            failures.Add(ValidationText.Get("Options.Region"));
        }

        if (options.TimeToLive <= TimeSpan.Zero)
        {
            failures.Add(ValidationText.Format("Options.Positive", nameof(ScreenPopOptions.TimeToLive)));
        }

        if (options.StaleWhileRevalidate < TimeSpan.Zero || options.StaleIfError < TimeSpan.Zero)
        {
            failures.Add(ValidationText.Get("Options.StaleTimes"));
        }

        if (options.HistoryMonths is < 1 or > 60)
        {
            failures.Add(ValidationText.Get("Options.HistoryMonths"));
        }

        if (options.MaxEntries is < 1 or > 10_000_000)
        {
            failures.Add(ValidationText.Get("Options.MaxEntries"));
        }

        if (options.MaxCandidates is < 1 or > 100)
        {
            failures.Add(ValidationText.Get("Options.MaxCandidates"));
        }

        if (options.LookupTimeout <= TimeSpan.Zero)
        {
            failures.Add(ValidationText.Format("Options.Positive", nameof(ScreenPopOptions.LookupTimeout)));
        }

        if (!Enum.IsDefined(options.AuditDurability))
        {
            failures.Add(ValidationText.Get("Options.AuditDurability"));
        }

        if (options.CreateLeadUrlTemplate is { } template
            && (!template.Contains("{phone}", StringComparison.Ordinal)
                || !Uri.TryCreate(template.Replace("{phone}", "0", StringComparison.Ordinal), UriKind.Absolute, out _)))
        {
            failures.Add(ValidationText.Format("Options.CreateLeadUrlTemplate", "{phone}"));
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
