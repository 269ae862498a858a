namespace CallCrm.Connectors.VendorSimulator.Twilio;

/// <summary>Twilio's call statuses (<c>call_enum_status</c>).</summary>
internal static class TwilioCallStatus
{
    public const string Queued = "queued";
    public const string Ringing = "ringing";
    public const string InProgress = "in-progress";
    public const string Completed = "completed";
    public const string Busy = "busy";
    public const string Failed = "failed";
    public const string NoAnswer = "no-answer";
    public const string Canceled = "canceled";

    public static readonly string[] All = [Queued, Ringing, InProgress, Completed, Busy, Failed, NoAnswer, Canceled];
}
