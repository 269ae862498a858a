using Microsoft.Extensions.Logging;

namespace CallCrm.Connectors.Webhooks;

// Every log line of the package. None takes a customer id, phone number, endpoint path, header value or secret: only
// the sink's name, event ids (hashes), status codes, error codes and counts.
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Debug, "{SinkName}: tag push {EventId} answered HTTP {StatusCode} ({Outcome})")]
    public static partial void PushAnswered(ILogger logger, string sinkName, string eventId, int statusCode, string outcome);

    [LoggerMessage(2, LogLevel.Warning, "{SinkName}: tag push {EventId} refused ({ErrorCode}, HTTP {StatusCode}); it will not be retried")]
    public static partial void PushRefused(ILogger logger, string sinkName, string eventId, string errorCode, int? statusCode);

    [LoggerMessage(3, LogLevel.Information, "{SinkName}: tag push {EventId} failed transiently ({ErrorCode}); {Remaining} further updates of the batch are left for the retry")]
    public static partial void PushDeferred(ILogger logger, string sinkName, string eventId, string errorCode, int remaining);

    [LoggerMessage(4, LogLevel.Warning, "{SinkName}: the endpoint could not be reached ({ErrorCode}, transient: {IsTransient})")]
    public static partial void EndpointFailed(ILogger logger, string sinkName, string errorCode, bool isTransient);

    [LoggerMessage(5, LogLevel.Warning, "{SinkName}: update {Index} of the batch was not sent: {Reason}")]
    public static partial void UpdateInvalid(ILogger logger, string sinkName, int index, string reason);
}
