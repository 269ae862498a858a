namespace CallCrm.Connectors.Webhooks.Wire;

/// <summary>A tag in a tag push.</summary>
internal sealed class TagPushTag
{
    public string? Name { get; set; }

    public string? Value { get; set; }
}
