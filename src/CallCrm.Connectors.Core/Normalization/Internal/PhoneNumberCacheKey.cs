using System;

namespace CallCrm.Connectors.Normalization.Internal;

/// <summary>The (raw number, region) key of <see cref="PhoneNumberResultCache"/>, with its hash computed once and
/// shared by the dictionary and the admission doorkeeper.</summary>
internal readonly struct PhoneNumberCacheKey : IEquatable<PhoneNumberCacheKey>
{
    public PhoneNumberCacheKey(string raw, string region)
    {
        Raw = raw;
        Region = region;
        Hash = HashCode.Combine(raw.GetHashCode(StringComparison.Ordinal), region.GetHashCode(StringComparison.Ordinal));
    }

    public string Raw { get; }

    public string Region { get; }

    public int Hash { get; }

    public bool Equals(PhoneNumberCacheKey other) =>
        Hash == other.Hash
        && string.Equals(Raw, other.Raw, StringComparison.Ordinal)
        && string.Equals(Region, other.Region, StringComparison.Ordinal);

    public override bool Equals(object? obj) => obj is PhoneNumberCacheKey other && Equals(other);

    public override int GetHashCode() => Hash;
}
