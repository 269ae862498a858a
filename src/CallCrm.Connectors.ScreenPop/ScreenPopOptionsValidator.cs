using System;
using System.Collections.Generic;
using System.Globalization;
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
            failures.Add("ScreenPopOptions.Region must be an ISO 3166-1 alpha-2 region libphonenumber knows, for example CN or US.");
        }

        if (options.TimeToLive <= TimeSpan.Zero)
        {
            failures.Add("ScreenPopOptions.TimeToLive must be positive.");
        }

        if (options.StaleWhileRevalidate < TimeSpan.Zero || options.StaleIfError < TimeSpan.Zero)
        {
            failures.Add("ScreenPopOptions.StaleWhileRevalidate and StaleIfError must not be negative.");
        }

        if (options.HistoryMonths is < 1 or > 60)
        {
            failures.Add("ScreenPopOptions.HistoryMonths must be between 1 and 60.");
        }

        if (options.MaxEntries is < 1 or > 10_000_000)
        {
            failures.Add("ScreenPopOptions.MaxEntries must be between 1 and 10,000,000.");
        }

        if (options.MaxCandidates is < 1 or > 100)
        {
            failures.Add("ScreenPopOptions.MaxCandidates must be between 1 and 100.");
        }

        if (options.LookupTimeout <= TimeSpan.Zero)
        {
            failures.Add("ScreenPopOptions.LookupTimeout must be positive.");
        }

        if (!Enum.IsDefined(options.AuditDurability))
        {
            failures.Add("ScreenPopOptions.AuditDurability must be Buffered or Immediate.");
        }

        if (options.CreateLeadUrlTemplate is { } template
            && (!template.Contains("{phone}", StringComparison.Ordinal)
                || !Uri.TryCreate(template.Replace("{phone}", "0", StringComparison.Ordinal), UriKind.Absolute, out _)))
        {
            failures.Add(string.Format(CultureInfo.InvariantCulture, "ScreenPopOptions.CreateLeadUrlTemplate must be an absolute URL containing {0}.", "{phone}"));
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
