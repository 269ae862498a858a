using System.Collections.Generic;

namespace CallCrm.Connectors.Contracts.Dto;

/// <summary>Customer-tag-set contract version 1: a bare tag set (a tag-history version, a target's last known tags).</summary>
internal sealed class CustomerTagSetDto
{
    public int ContractVersion { get; set; }

    public List<CustomerTagDto>? Tags { get; set; }
}
