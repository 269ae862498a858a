namespace CallCrm.Connectors.Webhooks.Wire;

/// <summary>A phone number in a tag push: E.164 only (what a call system routes on), never the raw source text.</summary>
internal sealed class TagPushPhoneNumber
{
    public string? E164 { get; set; }

    public string? Extension { get; set; }
}
