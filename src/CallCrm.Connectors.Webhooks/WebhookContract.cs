namespace CallCrm.Connectors.Webhooks;

/// <summary>The tag-push webhook's wire contract: header names and contract versions.</summary>
/// <remarks>
/// The body is the SDK's <c>customer-tag-update</c> contract (the same shape
/// <c>ContractSerializer.DeserializeCustomerTagUpdate</c> reads) plus an <c>eventId</c>, with phone numbers in E.164 only.
/// Adding an optional field does not change the version; receivers ignore fields they do not know.
/// </remarks>
public static class WebhookContract
{
    /// <summary>The contract version the sink emits by default.</summary>
    public const int CurrentVersion = 1;

    /// <summary>The oldest contract version the sink can emit and the receiver helper reads.</summary>
    public const int OldestVersion = 1;

    /// <summary>The header carrying the signature, <c>t=&lt;unix seconds&gt;,v1=&lt;hex HMAC-SHA256 of "{t}.{body}"&gt;</c>.</summary>
    public const string SignatureHeaderName = "X-CallCrm-Signature";

    /// <summary>The header carrying the event id; a receiver applies each event id once.</summary>
    public const string EventIdHeaderName = "X-CallCrm-Event-Id";

    /// <summary>The media type of the body.</summary>
    public const string MediaType = "application/json";
}
