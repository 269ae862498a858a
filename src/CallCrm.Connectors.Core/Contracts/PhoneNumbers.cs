using CallCrm.Connectors.Contracts.Dto;
using CallCrm.Connectors.Model;

namespace CallCrm.Connectors.Contracts;

/// <summary>Maps <see cref="PhoneNumber"/> to and from its contract form.</summary>
internal static class PhoneNumbers
{
    /// <summary>Gets the contract form, or <see langword="null"/> for an empty number so that it is left out.</summary>
    public static PhoneNumberDto? ToDto(PhoneNumber? number) =>
        number is null || (number.Raw is null && number.E164 is null && number.Extension is null)
            ? null
            : new PhoneNumberDto { Raw = number.Raw, E164 = number.E164, Extension = number.Extension };

    public static PhoneNumber FromDto(PhoneNumberDto? dto) =>
        dto is null || (dto.Raw is null && dto.E164 is null && dto.Extension is null)
            ? PhoneNumber.Empty
            : new PhoneNumber(dto.Raw, dto.E164, dto.Extension);
}
