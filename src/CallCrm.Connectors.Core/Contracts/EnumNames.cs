using CallCrm.Connectors.Model;

namespace CallCrm.Connectors.Contracts;

/// <summary>The contract names of the model's enums. Explicit rather than derived from the C# names so that renaming
/// a member never changes stored data, and an unknown name reads as <c>Unknown</c> instead of failing, which keeps
/// readers forward compatible when a later SDK adds a member.</summary>
internal static class EnumNames
{
    public static string Of(CallDirection direction) => direction switch
    {
        CallDirection.Inbound => "inbound",
        CallDirection.Outbound => "outbound",
        CallDirection.Internal => "internal",
        _ => "unknown",
    };

    public static CallDirection ParseDirection(string? name) => name switch
    {
        "inbound" => CallDirection.Inbound,
        "outbound" => CallDirection.Outbound,
        "internal" => CallDirection.Internal,
        _ => CallDirection.Unknown,
    };

    public static string Of(CallStatus status) => status switch
    {
        CallStatus.Queued => "queued",
        CallStatus.Ringing => "ringing",
        CallStatus.InProgress => "inProgress",
        CallStatus.Completed => "completed",
        CallStatus.Busy => "busy",
        CallStatus.NoAnswer => "noAnswer",
        CallStatus.Failed => "failed",
        CallStatus.Canceled => "canceled",
        _ => "unknown",
    };

    public static CallStatus ParseStatus(string? name) => name switch
    {
        "queued" => CallStatus.Queued,
        "ringing" => CallStatus.Ringing,
        "inProgress" => CallStatus.InProgress,
        "completed" => CallStatus.Completed,
        "busy" => CallStatus.Busy,
        "noAnswer" => CallStatus.NoAnswer,
        "failed" => CallStatus.Failed,
        "canceled" => CallStatus.Canceled,
        _ => CallStatus.Unknown,
    };
}
