using System;
using System.Collections.Generic;
using Microsoft.Extensions.Options;

namespace CallCrm.Connectors.HubSpot.Internal;

/// <summary>Checks <see cref="HubSpotOptions"/> when the host starts, so that a bad setting fails fast rather than mid-sync.</summary>
internal sealed class HubSpotOptionsValidator : IValidateOptions<HubSpotOptions>
{
    public ValidateOptionsResult Validate(string? name, HubSpotOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.BaseAddress is not { IsAbsoluteUri: true })
        {
            failures.Add(ValidationText.Get("HubSpot.BaseAddress"));
        }

        if (options.AccessTokenProvider is null && string.IsNullOrWhiteSpace(options.AccessToken?.Reveal()))
        {
            failures.Add(ValidationText.Get("HubSpot.AccessToken"));
        }

        if (options.SearchRequestsPerSecond is < 1 or > 5)
        {
            failures.Add(ValidationText.Get("HubSpot.SearchRequestsPerSecond"));
        }

        if (options.MaxBatchSize is < 1 or > 100)
        {
            failures.Add(ValidationText.Format("Setting.Between", nameof(HubSpotOptions.MaxBatchSize), 1, 100));
        }

        if (options.CustomerPageSize is < 1 or > 200)
        {
            failures.Add(ValidationText.Format("Setting.Between", nameof(HubSpotOptions.CustomerPageSize), 1, 200));
        }

        if (options.RecentCallsLimit is < 0 or > 200)
        {
            failures.Add(ValidationText.Format("Setting.Between", nameof(HubSpotOptions.RecentCallsLimit), 0, 200));
        }

        if (options.DailyLimit is <= 0)
        {
            failures.Add(ValidationText.Get("HubSpot.DailyLimit"));
        }

        if (string.IsNullOrWhiteSpace(options.SourceCallIdProperty) || string.IsNullOrWhiteSpace(options.TagsProperty))
        {
            failures.Add(ValidationText.Get("HubSpot.PropertiesRequired"));
        }

        if (options.PhoneProperties.Count is 0 or > 5)
        {
            failures.Add(ValidationText.Get("HubSpot.PhoneProperties"));
        }

        if (options.ContactCacheDuration < TimeSpan.Zero)
        {
            failures.Add(ValidationText.Format("Setting.NotNegative", nameof(HubSpotOptions.ContactCacheDuration)));
        }

        if (!Enum.IsDefined(options.CallerResolution) || !Enum.IsDefined(options.Tier) || !Enum.IsDefined(options.WriteMode) || !Enum.IsDefined(options.ContactMatching))
        {
            failures.Add(ValidationText.Get("HubSpot.UndefinedEnum"));
        }

        if (options.LocalIndexMaxContacts < 0)
        {
            failures.Add(ValidationText.Format("Setting.NotNegative", nameof(HubSpotOptions.LocalIndexMaxContacts)));
        }

        if (options.LocalIndexRefreshInterval < TimeSpan.Zero || options.LocalIndexReloadInterval <= TimeSpan.Zero)
        {
            failures.Add(ValidationText.Get("HubSpot.LocalIndexIntervals"));
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
