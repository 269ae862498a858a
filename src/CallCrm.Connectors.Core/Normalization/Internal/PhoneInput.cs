namespace CallCrm.Connectors.Normalization.Internal;

/// <summary>A raw phone value reduced to what libphonenumber should parse.</summary>
/// <param name="Kind">What was found.</param>
/// <param name="Number">For <see cref="PhoneInputKind.Number"/>, the number (digits, a leading plus and
/// punctuation libphonenumber understands); otherwise empty.</param>
/// <param name="Extension">The extension found by the cleaner (digits only), if any.</param>
internal readonly record struct PhoneInput(PhoneInputKind Kind, string Number, string? Extension)
{
    public static PhoneInput Empty { get; } = new(PhoneInputKind.Empty, string.Empty, null);

    public static PhoneInput Withheld { get; } = new(PhoneInputKind.Withheld, string.Empty, null);

    public static PhoneInput Of(PhoneInputKind kind) => new(kind, string.Empty, null);
}
