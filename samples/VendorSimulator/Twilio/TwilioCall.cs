using System;

namespace CallCrm.Connectors.VendorSimulator.Twilio;

/// <summary>A call as Twilio stores it (API 2010-04-01 Call resource). Mutable only under <see cref="TwilioStore"/>'s lock.</summary>
internal sealed class TwilioCall
{
    public required string Sid { get; init; }

    public string? ParentCallSid { get; init; }

    public required DateTimeOffset DateCreated { get; init; }

    public DateTimeOffset DateUpdated { get; set; }

    public required string To { get; init; }

    public required string From { get; init; }

    public string? PhoneNumberSid { get; init; }

    public required string Status { get; set; }

    public DateTimeOffset? StartTime { get; set; }

    public DateTimeOffset? EndTime { get; set; }

    /// <summary>Whole seconds, as Twilio sends it (a string); null while the call is not over.</summary>
    public int? DurationSeconds { get; set; }

    public string? Price { get; set; }

    public required string Direction { get; init; }

    public string? AnsweredBy { get; init; }

    public string? ForwardedFrom { get; init; }

    public string? CallerName { get; init; }

    public string? GroupSid { get; init; }

    public string? QueueTime { get; init; }

    public TwilioRecording? Recording { get; set; }

    public static bool IsFinal(string status) =>
        status is TwilioCallStatus.Completed or TwilioCallStatus.Busy or TwilioCallStatus.Failed or TwilioCallStatus.NoAnswer or TwilioCallStatus.Canceled;
}
