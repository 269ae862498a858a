namespace CallCrm.Connectors.Contracts.Dto;

/// <summary>A phone number in call-record v2 and tag payloads: as the source sent it and in E.164.</summary>
internal sealed class PhoneNumberDto
{
    public string? Raw { get; set; }

    public string? E164 { get; set; }

    public string? Extension { get; set; }
}
