using System.Collections.Generic;

namespace CallCrm.Connectors.Normalization;

/// <summary>Options of <see cref="PhoneNumberNormalizer"/>; checked by <see cref="PhoneNumberNormalizerOptionsValidator"/>.</summary>
public sealed class PhoneNumberNormalizerOptions
{
    /// <summary>The cache capacity used when none is configured.</summary>
    public const int DefaultCacheCapacity = 10_000;

    /// <summary>The largest cache capacity accepted.</summary>
    public const int MaxCacheCapacity = 1_000_000;

    /// <summary>Gets or sets the ISO 3166-1 alpha-2 region in which national numbers (those without a country
    /// code, such as <c>010 1234 5678</c>) are read, for example <c>CN</c> or <c>US</c>. Case is ignored.</summary>
    /// <value>The default value is an empty string, which is not valid: a region must be chosen.</value>
    public string DefaultRegion { get; set; } = string.Empty;

    /// <summary>Gets or sets how many distinct (raw number, region) pairs the normalizer remembers. Call systems
    /// send the same numbers again and again (agents, hot customers, queues), so repeated numbers are answered
    /// from memory. A number is cached from its second sighting on, so that numbers seen once do not push out the
    /// ones seen all day. <c>0</c> turns the cache off.</summary>
    /// <value>The default value is <see cref="DefaultCacheCapacity"/> (10,000), a few megabytes at most.</value>
    public int CacheCapacity { get; set; } = DefaultCacheCapacity;

    /// <summary>Gets extra values that mean "number withheld" for a source this SDK does not know, compared
    /// ignoring case, white space and surrounding quotes: words (for example <c>sperre</c>) or sentinel numbers
    /// written with a leading <c>+</c> (for example <c>+4900000</c>). They add to the built-in markers.</summary>
    /// <value>The default value is an empty list.</value>
    public IList<string> AdditionalWithheldMarkers { get; } = new List<string>();
}
