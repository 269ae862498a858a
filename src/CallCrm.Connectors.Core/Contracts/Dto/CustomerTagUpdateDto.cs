using System.Collections.Generic;
using NodaTime;

namespace CallCrm.Connectors.Contracts.Dto;

/// <summary>Customer-tag-update contract version 1: the whole tag set a call system should hold for one customer.</summary>
internal sealed class CustomerTagUpdateDto
{
    public int ContractVersion { get; set; }

    public string? CustomerId { get; set; }

    public long Version { get; set; }

    public Instant ChangedAt { get; set; }

    public List<PhoneNumberDto>? PhoneNumbers { get; set; }

    public List<CustomerTagDto>? Tags { get; set; }
}
