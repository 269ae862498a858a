using System;
using System.Globalization;
using CallCrm.Connectors.Errors;
using CallCrm.Connectors.Model;

namespace CallCrm.Connectors.Normalization;

/// <summary>The outcome of normalizing one raw phone number. Immutable: the normalizer's cache hands the same
/// instance to every caller that sends the same number, so a repeated number costs no allocation.</summary>
public sealed class PhoneNumberResult : IEquatable<PhoneNumberResult>
{
    private PhoneNumberResult(
        PhoneNumberStatus status,
        PhoneNumberFailureReason failureReason,
        string? raw,
        string? e164,
        string? extension,
        string? regionCode,
        int countryCallingCode,
        PhoneNumberLineType lineType)
    {
        Status = status;
        FailureReason = failureReason;
        Raw = raw;
        E164 = e164;
        Extension = extension;
        RegionCode = regionCode;
        CountryCallingCode = countryCallingCode;
        LineType = lineType;
    }

    /// <summary>Gets what the normalizer made of the number.</summary>
    public PhoneNumberStatus Status { get; }

    /// <summary>Gets why the number is <see cref="PhoneNumberStatus.Invalid"/>, or
    /// <see cref="PhoneNumberFailureReason.None"/> for any other status.</summary>
    public PhoneNumberFailureReason FailureReason { get; }

    /// <summary>Gets the number exactly as the source sent it. Personal data: never log it.</summary>
    public string? Raw { get; }

    /// <summary>Gets the E.164 form (for example <c>+8613800138000</c>) when <see cref="Status"/> is
    /// <see cref="PhoneNumberStatus.Valid"/>; otherwise <see langword="null"/>.</summary>
    public string? E164 { get; }

    /// <summary>Gets the extension (digits only) dialled after the number, if the source sent one.</summary>
    public string? Extension { get; }

    /// <summary>Gets the ISO 3166-1 alpha-2 region the number belongs to (for example <c>GB</c> for a UK number
    /// normalized with a <c>CN</c> default region), <c>001</c> for non-geographic numbers, or
    /// <see langword="null"/> when the number is not valid.</summary>
    public string? RegionCode { get; }

    /// <summary>Gets the country calling code (for example <c>86</c>) of a valid number, or <c>0</c>.</summary>
    public int CountryCallingCode { get; }

    /// <summary>Gets the kind of line of a valid number; <see cref="PhoneNumberLineType.Unknown"/> otherwise.</summary>
    public PhoneNumberLineType LineType { get; }

    /// <summary>Gets whether <see cref="Status"/> is <see cref="PhoneNumberStatus.Valid"/> (and so
    /// <see cref="E164"/> is set).</summary>
    public bool IsValid => Status == PhoneNumberStatus.Valid;

    /// <summary>Converts the result to the SDK model's <see cref="PhoneNumber"/>, keeping the raw value so that
    /// nothing the source sent is lost.</summary>
    /// <returns>The phone number; its <see cref="PhoneNumber.E164"/> is set only when the result is valid.</returns>
    public PhoneNumber ToPhoneNumber() => new(Raw, E164, Extension);

    /// <summary>Describes why the number cannot be used, as a <see cref="ConnectorError"/> with code
    /// <see cref="ConnectorErrorCode.InvalidPhoneNumber"/>, for dead-lettering a record that needs a usable number.
    /// The error never holds the raw number.</summary>
    /// <param name="fieldName">The name of the record's field that held the number (for example <c>from</c>), added
    /// as a <see cref="FieldError"/>; or <see langword="null"/>.</param>
    /// <returns>The error.</returns>
    /// <exception cref="InvalidOperationException">The result is valid, so there is nothing wrong to describe.</exception>
    public ConnectorError ToConnectorError(string? fieldName = null)
    {
        if (IsValid)
        {
            throw new InvalidOperationException("A valid phone number has no error; check IsValid first.");
        }

        var reason = Status switch
        {
            PhoneNumberStatus.Empty => "Empty",
            PhoneNumberStatus.Anonymous => "Withheld",
            _ => FailureReason.ToString(),
        };

        // The length (not the value) helps tell a truncated field from garbage without exposing personal data.
        var detail = string.Format(
            CultureInfo.InvariantCulture,
            "The phone number could not be normalized: {0} ({1} characters).",
            reason,
            Raw?.Length ?? 0);

        return new ConnectorError
        {
            Code = ConnectorErrorCode.InvalidPhoneNumber,
            IsTransient = false,
            TechnicalDetail = detail,
            FieldErrors = fieldName is null ? [] : [new FieldError(fieldName, reason)],
        };
    }

    /// <inheritdoc />
    public bool Equals(PhoneNumberResult? other) =>
        other is not null
        && Status == other.Status
        && FailureReason == other.FailureReason
        && string.Equals(Raw, other.Raw, StringComparison.Ordinal)
        && string.Equals(E164, other.E164, StringComparison.Ordinal)
        && string.Equals(Extension, other.Extension, StringComparison.Ordinal)
        && string.Equals(RegionCode, other.RegionCode, StringComparison.Ordinal)
        && CountryCallingCode == other.CountryCallingCode
        && LineType == other.LineType;

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as PhoneNumberResult);

    /// <inheritdoc />
    public override int GetHashCode() =>
        HashCode.Combine(Status, FailureReason, Raw, E164, Extension, RegionCode, CountryCallingCode, LineType);

    /// <inheritdoc />
    /// <remarks>Phone numbers are personal data: this shows the status and a masked number, never the raw value.</remarks>
    public override string ToString() => Status switch
    {
        PhoneNumberStatus.Valid => string.Concat("Valid ", ToPhoneNumber().ToString()),
        PhoneNumberStatus.Invalid => string.Concat("Invalid (", FailureReason.ToString(), ")"),
        _ => Status.ToString(),
    };

    internal static PhoneNumberResult Valid(
        string raw, string e164, string? extension, string? regionCode, int countryCallingCode, PhoneNumberLineType lineType) =>
        new(PhoneNumberStatus.Valid, PhoneNumberFailureReason.None, raw, e164, extension, regionCode, countryCallingCode, lineType);

    internal static PhoneNumberResult Empty(string? raw) =>
        new(PhoneNumberStatus.Empty, PhoneNumberFailureReason.None, raw, null, null, null, 0, PhoneNumberLineType.Unknown);

    internal static PhoneNumberResult Anonymous(string raw) =>
        new(PhoneNumberStatus.Anonymous, PhoneNumberFailureReason.None, raw, null, null, null, 0, PhoneNumberLineType.Unknown);

    internal static PhoneNumberResult Invalid(string raw, PhoneNumberFailureReason reason, string? extension = null) =>
        new(PhoneNumberStatus.Invalid, reason, raw, null, extension, null, 0, PhoneNumberLineType.Unknown);
}
