using System.Collections.Generic;

namespace CallCrm.Connectors.HubSpot.Api;

/// <summary>The body of <c>POST /crm/v3/objects/{type}/search</c>.</summary>
internal sealed class SearchRequestDto
{
    public List<FilterGroupDto>? FilterGroups { get; set; }

    public List<SortDto>? Sorts { get; set; }

    public List<string>? Properties { get; set; }

    public int Limit { get; set; }

    public string? After { get; set; }
}

/// <summary>Filters ANDed together; groups are ORed.</summary>
internal sealed class FilterGroupDto
{
    public List<FilterDto> Filters { get; set; } = [];
}

/// <summary>One search filter.</summary>
internal sealed class FilterDto
{
    public string PropertyName { get; set; } = string.Empty;

    public string Operator { get; set; } = string.Empty;

    public string? Value { get; set; }

    public List<string>? Values { get; set; }
}

/// <summary>The one sort HubSpot search accepts.</summary>
internal sealed class SortDto
{
    public string PropertyName { get; set; } = string.Empty;

    public string Direction { get; set; } = "ASCENDING";
}

/// <summary>A search page.</summary>
internal sealed class SearchResponseDto
{
    public int Total { get; set; }

    public List<HubSpotObjectDto> Results { get; set; } = [];

    public PagingDto? Paging { get; set; }
}

/// <summary>The paging envelope; <c>next.after</c> is absent on the last page.</summary>
internal sealed class PagingDto
{
    public PagingNextDto? Next { get; set; }
}

/// <summary>The cursor of the next page.</summary>
internal sealed class PagingNextDto
{
    public string? After { get; set; }
}
