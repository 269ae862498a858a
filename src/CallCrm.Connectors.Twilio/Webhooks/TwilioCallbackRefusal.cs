namespace CallCrm.Connectors.Twilio.Webhooks;

/// <summary>Why a Twilio status callback was refused. Answer every refusal with 403 (or 400 for
/// <see cref="InvalidPayload"/>) and never process the request.</summary>
public enum TwilioCallbackRefusal
{
    /// <summary>Not refused: the callback was accepted.</summary>
    None = 0,

    /// <summary>The request has no <c>X-Twilio-Signature</c> header.</summary>
    MissingSignature = 1,

    /// <summary>The signature is unreadable or does not match the URL and parameters: forged, altered, signed with another
    /// auth token, or the URL given is not the one configured in Twilio (a proxy rewrote it).</summary>
    InvalidSignature = 2,

    /// <summary>The same event (call, status and sequence number) was already accepted inside the replay window.</summary>
    Replayed = 3,

    /// <summary>The callback's <c>Timestamp</c> is outside the replay window, so a replay could no longer be recognised.</summary>
    Stale = 4,

    /// <summary>The callback is for another Twilio account.</summary>
    WrongAccount = 5,

    /// <summary>Signed correctly but not a call status callback the SDK can read (no <c>CallSid</c>, a bad date or duration).</summary>
    InvalidPayload = 6,
}
