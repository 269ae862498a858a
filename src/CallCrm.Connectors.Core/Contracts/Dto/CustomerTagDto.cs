namespace CallCrm.Connectors.Contracts.Dto;

/// <summary>A tag in tag payloads.</summary>
internal sealed class CustomerTagDto
{
    public string? Name { get; set; }

    public string? Value { get; set; }
}
