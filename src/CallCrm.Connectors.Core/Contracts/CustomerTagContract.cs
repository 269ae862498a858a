using System.Collections.Generic;
using CallCrm.Connectors.Contracts.Dto;
using CallCrm.Connectors.Model;

namespace CallCrm.Connectors.Contracts;

/// <summary>Maps <see cref="CustomerTagUpdate"/> and tag sets to and from their contract version 1.</summary>
internal static class CustomerTagContract
{
    public static CustomerTagUpdateDto ToDto(CustomerTagUpdate update)
    {
        var phones = new List<PhoneNumberDto>(update.PhoneNumbers.Count);
        foreach (var number in update.PhoneNumbers)
        {
            if (PhoneNumbers.ToDto(number) is { } dto)
            {
                phones.Add(dto);
            }
        }

        return new CustomerTagUpdateDto
        {
            ContractVersion = ContractVersions.CustomerTagUpdateCurrent,
            CustomerId = update.CustomerId,
            Version = update.Version,
            ChangedAt = update.ChangedAt,
            PhoneNumbers = phones.Count == 0 ? null : phones,
            Tags = ToDto(update.Tags),
        };
    }

    public static CustomerTagUpdate FromDto(CustomerTagUpdateDto dto)
    {
        var phones = new List<PhoneNumber>(dto.PhoneNumbers?.Count ?? 0);
        foreach (var number in dto.PhoneNumbers ?? [])
        {
            phones.Add(PhoneNumbers.FromDto(number));
        }

        return new CustomerTagUpdate
        {
            CustomerId = string.IsNullOrEmpty(dto.CustomerId)
                ? throw ContractErrors.Invalid(ContractTypes.CustomerTagUpdate, "customerId is missing.")
                : dto.CustomerId,
            Version = dto.Version,
            ChangedAt = dto.ChangedAt,
            PhoneNumbers = phones,
            Tags = FromDto(dto.Tags, ContractTypes.CustomerTagUpdate),
        };
    }

    public static List<CustomerTagDto> ToDto(IReadOnlyList<CustomerTag> tags)
    {
        // Always written, even empty: an empty set means "remove every tag", which must not read as "no change".
        var result = new List<CustomerTagDto>(tags.Count);
        foreach (var tag in tags)
        {
            result.Add(new CustomerTagDto { Name = tag.Name, Value = tag.Value });
        }

        return result;
    }

    public static IReadOnlyList<CustomerTag> FromDto(List<CustomerTagDto>? tags, string type)
    {
        if (tags is null)
        {
            throw ContractErrors.Invalid(type, "tags is missing.");
        }

        var result = new List<CustomerTag>(tags.Count);
        foreach (var tag in tags)
        {
            result.Add(string.IsNullOrEmpty(tag.Name) ? throw ContractErrors.Invalid(type, "a tag has no name.") : new CustomerTag(tag.Name, tag.Value));
        }

        return result;
    }
}
