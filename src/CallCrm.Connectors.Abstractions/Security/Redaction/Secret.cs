using System;
using System.ComponentModel;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;

namespace CallCrm.Connectors.Security.Redaction;

/// <summary>A secret (an API key, an auth token, a signing key) that never shows itself: <see cref="ToString"/>, the debugger and
/// string interpolation all give <c>[secret]</c>. Use it for secret properties of options classes; every package takes secrets as this type, from options to the one place that sends them.</summary>
/// <remarks>Binds from configuration like a string (it has a <see cref="TypeConverter"/>). Read the value with <see cref="Reveal"/>
/// at the one place that needs it.</remarks>
[DebuggerDisplay("[secret]")]
[TypeConverter(typeof(SecretTypeConverter))]
public sealed class Secret : IEquatable<Secret>
{
    private const string Shown = "[secret]";
    private readonly string value;

    /// <summary>Initializes a new instance of the <see cref="Secret"/> class.</summary>
    /// <param name="value">The secret value.</param>
    public Secret(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        this.value = value;
    }

    /// <summary>Gets whether the secret is empty (not configured).</summary>
    public bool IsEmpty => value.Length == 0;

    /// <summary>Gets the secret value. Call it only where the value is used, never to log or display it.</summary>
    /// <returns>The value.</returns>
    public string Reveal() => value;

    /// <summary>Gets the secret value as UTF-8 bytes, for use as a key.</summary>
    /// <returns>A new array the caller may clear after use.</returns>
    public byte[] RevealUtf8() => Encoding.UTF8.GetBytes(value);

    /// <summary>Returns <c>[secret]</c>, never the value.</summary>
    /// <returns><c>[secret]</c>.</returns>
    public override string ToString() => Shown;

    /// <inheritdoc />
    /// <remarks>Compares in constant time, so that comparing a guess does not leak how much of it was right.</remarks>
    public bool Equals(Secret? other) =>
        other is not null
        && CryptographicOperations.FixedTimeEquals(
            Encoding.UTF8.GetBytes(value).AsSpan(),
            Encoding.UTF8.GetBytes(other.value).AsSpan());

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as Secret);

    /// <inheritdoc />
    /// <remarks>Constant: a hash code derived from the value would leak information about it.</remarks>
    public override int GetHashCode() => 0;
}
