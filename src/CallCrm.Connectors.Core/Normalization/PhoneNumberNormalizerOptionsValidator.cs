using System.Collections.Generic;
using System.Globalization;
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
            return ValidateOptionsResult.Fail("The phone number normalizer options are missing.");
        }

        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.DefaultRegion))
        {
            failures.Add(
                "PhoneNumberNormalizerOptions.DefaultRegion is required: set the ISO 3166-1 alpha-2 region in which "
                + "national numbers are read, for example \"CN\" or \"US\".");
        }
        else if (!IsSupportedRegion(options.DefaultRegion))
        {
            failures.Add(string.Format(
                CultureInfo.InvariantCulture,
                "PhoneNumberNormalizerOptions.DefaultRegion \"{0}\" is not an ISO 3166-1 alpha-2 region with a phone "
                + "numbering plan; use a code such as \"CN\", \"US\", \"GB\" or \"DE\".",
                options.DefaultRegion));
        }

        if (options.CacheCapacity is < 0 or > PhoneNumberNormalizerOptions.MaxCacheCapacity)
        {
            failures.Add(string.Format(
                CultureInfo.InvariantCulture,
                "PhoneNumberNormalizerOptions.CacheCapacity must be between 0 (no cache) and {0}; it is {1}.",
                PhoneNumberNormalizerOptions.MaxCacheCapacity,
                options.CacheCapacity));
        }

        foreach (var marker in options.AdditionalWithheldMarkers)
        {
            // A marker without a letter or digit would match values that are only punctuation.
            if (marker is null || !marker.Any(char.IsLetterOrDigit))
            {
                failures.Add(
                    "PhoneNumberNormalizerOptions.AdditionalWithheldMarkers must hold words or sentinel numbers; "
                    + "empty or punctuation-only values are not allowed.");
                break;
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Gets whether a region code (any case, surrounding white space ignored) has a numbering plan.</summary>
    internal static bool IsSupportedRegion(string region) =>
        PhoneNumberUtil.GetInstance().GetSupportedRegions().Contains(region.Trim().ToUpperInvariant());
}
