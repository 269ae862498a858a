using System.Diagnostics.CodeAnalysis;
using CallCrm.Connectors.Model;

namespace CallCrm.Connectors.Twilio.Webhooks;

/// <summary>The outcome of the <c>HandleAsync</c> methods of <see cref="TwilioStatusCallbackHandler"/>: the call record of an accepted
/// callback, or why it was refused.</summary>
public sealed record TwilioStatusCallbackResult
{
    private TwilioStatusCallbackResult(CallRecord? record, TwilioCallbackRefusal refusal)
    {
        Record = record;
        Refusal = refusal;
    }

    /// <summary>Gets the call as the callback describes it, when accepted. Its <see cref="CallRecord.Key"/> is the same
    /// as the pull read's, so it updates the same CRM activity.</summary>
    public CallRecord? Record { get; }

    /// <summary>Gets why the callback was refused, or <see cref="TwilioCallbackRefusal.None"/>.</summary>
    public TwilioCallbackRefusal Refusal { get; }

    /// <summary>Gets whether the callback was accepted (and <see cref="Record"/> is set).</summary>
    [MemberNotNullWhen(true, nameof(Record))]
    public bool IsAccepted => Record is not null;

    internal static TwilioStatusCallbackResult Accepted(CallRecord record) => new(record, TwilioCallbackRefusal.None);

    internal static TwilioStatusCallbackResult Refused(TwilioCallbackRefusal refusal) => new(null, refusal);
}
