namespace CallCrm.Connectors.Security.Webhooks;

/// <summary>The outcome of checking a webhook's signature. Only <see cref="Valid"/> means the request may be processed.</summary>
public enum WebhookValidationResult
{
    /// <summary>Not checked (the default value, so that an unset result never reads as valid).</summary>
    None = 0,

    /// <summary>The signature is genuine, the timestamp inside the window, and the event not seen before.</summary>
    Valid = 1,

    /// <summary>The request carries no signature.</summary>
    MissingSignature = 2,

    /// <summary>The signature header cannot be read.</summary>
    MalformedSignature = 3,

    /// <summary>The signature does not match the request: forged, altered in transit, or signed with another key.</summary>
    InvalidSignature = 4,

    /// <summary>The signed timestamp is outside the allowed window (too old, or too far in the future).</summary>
    TimestampOutsideWindow = 5,

    /// <summary>The same event was already accepted inside the window: a replay.</summary>
    Replayed = 6,

    /// <summary>A JSON body does not match the <c>bodySHA256</c> the signed URL carries.</summary>
    BodyHashMismatch = 7,
}
