using System;

namespace CallCrm.Connectors.Model;

/// <summary>A tag a CRM keeps on a customer (VIP, complaint risk, preferred language, ...), used by the call system for routing.</summary>
/// <param name="Name">The tag's name, for example <c>vip</c> or <c>language</c>. Compared case-insensitively.</param>
/// <param name="Value">The tag's value where the tag has one (for example <c>zh-CN</c> for <c>language</c>).</param>
public sealed record CustomerTag(string Name, string? Value = null)
{
    /// <inheritdoc />
    public bool Equals(CustomerTag? other) =>
        other is not null
        && string.Equals(Name, other.Name, StringComparison.OrdinalIgnoreCase)
        && string.Equals(Value, other.Value, StringComparison.Ordinal);

    /// <inheritdoc />
    public override int GetHashCode() =>
        HashCode.Combine(StringComparer.OrdinalIgnoreCase.GetHashCode(Name), Value is null ? 0 : StringComparer.Ordinal.GetHashCode(Value));

    /// <inheritdoc />
    public override string ToString() => Value is null ? Name : string.Concat(Name, "=", Value);
}
