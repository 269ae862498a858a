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
            failures.Add("BaseAddress must be an absolute URI.");
        }

        if (options.AccessTokenProvider is null && string.IsNullOrWhiteSpace(options.AccessToken?.Reveal()))
        {
            failures.Add("Set AccessToken (private app token) or AccessTokenProvider (OAuth).");
        }

        if (options.SearchRequestsPerSecond is < 1 or > 5)
        {
            failures.Add("SearchRequestsPerSecond must be between 1 and 5 (HubSpot's documented search limit).");
        }

        if (options.MaxBatchSize is < 1 or > 100)
        {
            failures.Add("MaxBatchSize must be between 1 and 100.");
        }

        if (options.CustomerPageSize is < 1 or > 200)
        {
            failures.Add("CustomerPageSize must be between 1 and 200.");
        }

        if (options.RecentCallsLimit is < 0 or > 200)
        {
            failures.Add("RecentCallsLimit must be between 0 and 200.");
        }

        if (options.DailyLimit is <= 0)
        {
            failures.Add("DailyLimit must be positive when set.");
        }

        if (string.IsNullOrWhiteSpace(options.SourceCallIdProperty) || string.IsNullOrWhiteSpace(options.TagsProperty))
        {
            failures.Add("SourceCallIdProperty and TagsProperty are required.");
        }

        if (options.PhoneProperties.Count is 0 or > 5)
        {
            failures.Add("PhoneProperties must name 1 to 5 contact properties (HubSpot allows 5 filter groups per search).");
        }

        if (options.ContactCacheDuration < TimeSpan.Zero)
        {
            failures.Add("ContactCacheDuration must not be negative.");
        }

        if (!Enum.IsDefined(options.CallerResolution) || !Enum.IsDefined(options.Tier) || !Enum.IsDefined(options.WriteMode) || !Enum.IsDefined(options.ContactMatching))
        {
            failures.Add("CallerResolution, Tier, WriteMode and ContactMatching must be defined values.");
        }

        if (options.LocalIndexMaxContacts < 0)
        {
            failures.Add("LocalIndexMaxContacts must not be negative.");
        }

        if (options.LocalIndexRefreshInterval < TimeSpan.Zero || options.LocalIndexReloadInterval <= TimeSpan.Zero)
        {
            failures.Add("LocalIndexRefreshInterval must not be negative and LocalIndexReloadInterval must be positive.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
