using System.Collections.Generic;
using System.Linq;
using Microsoft.Extensions.Options;
using PhoneNumbers;

namespace CallCrm.Connectors.Normalization;

/// <summary>Checks <see cref="PhoneNumberNormalizerOptions"/>, so that a wrong region fails at start rather than
/// turning every national number into an error. Register it with <c>ValidateOnStart</c>; the
/// <see cref="PhoneNumberNormalizer"/> constructors run it as well.</summary>
public sealed class PhoneNumberNormalizerOptionsValidator : IValidateOptions<PhoneNumberNormalizerOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, PhoneNumberNormalizerOptions options)
    {
        if (options is null)
        {
            return ValidateOptionsResult.Fail(ValidationText.Get("Phone.OptionsMissing"));
        }

        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.DefaultRegion))
        {
            failures.Add(ValidationText.Get("Phone.RegionRequired"));
        }
        else if (!IsSupportedRegion(options.DefaultRegion))
        {
            failures.Add(ValidationText.Format("Phone.RegionUnknown", options.DefaultRegion));
        }

        if (options.CacheCapacity is < 0 or > PhoneNumberNormalizerOptions.MaxCacheCapacity)
        {
            failures.Add(ValidationText.Format("Phone.CacheCapacity", PhoneNumberNormalizerOptions.MaxCacheCapacity, options.CacheCapacity));
        }

        foreach (var marker in options.AdditionalWithheldMarkers)
        {
            // A marker without a letter or digit would match values that are only punctuation.
            if (marker is null || !marker.Any(char.IsLetterOrDigit))
            {
                failures.Add(ValidationText.Get("Phone.WithheldMarkers"));
                break;
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Gets whether a region code (any case, surrounding white space ignored) has a numbering plan.</summary>
    internal static bool IsSupportedRegion(string region) =>
        PhoneNumberUtil.GetInstance().GetSupportedRegions().Contains(region.Trim().ToUpperInvariant());
}
