namespace CallCrm.Connectors.Webhooks.Wire;

/// <summary>What a receiver may answer: <c>{"status":"applied"|"duplicate"|"superseded"}</c> on success,
/// <c>{"error":"...","message":"..."}</c> on failure. Every field is optional.</summary>
internal sealed class TagPushResponse
{
    public string? Status { get; set; }

    public string? Error { get; set; }

    public string? Message { get; set; }
}
