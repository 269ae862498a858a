using System;

namespace CallCrm.Connectors.Model;

/// <summary>A phone number as the source sent it, and its E.164 form when it could be normalized.</summary>
/// <param name="Raw">The number exactly as the source sent it (may be a SIP URI, a caller-ID string or empty).</param>
/// <param name="E164">The E.164 form (for example <c>+8613800138000</c>), or <see langword="null"/> when the
/// number is withheld, empty or invalid.</param>
/// <param name="Extension">The extension dialled after the number, if any.</param>
public sealed record PhoneNumber(string? Raw, string? E164 = null, string? Extension = null)
{
    /// <summary>Gets a number with no raw value and no normalized form.</summary>
    public static PhoneNumber Empty { get; } = new(Raw: null);

    /// <summary>Gets whether an E.164 form is known.</summary>
    public bool IsNormalized => E164 is not null;

    /// <inheritdoc />
    /// <remarks>Phone numbers are personal data: this never returns the raw number, only a masked form.</remarks>
    public override string ToString() => Mask(E164 ?? Raw);

    private static string Mask(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "(none)";
        }

        // Keep the last two digits so that a person reading a log can tell numbers apart without seeing them.
        return value.Length <= 2 ? "**" : string.Concat(new string('*', value.Length - 2), value.AsSpan(value.Length - 2));
    }
}
