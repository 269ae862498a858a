using System;
using Microsoft.Extensions.Logging;

namespace CallCrm.Connectors.Twilio.AspNetCore;

// Every log line of the package: outcomes and reasons only; never a number, SID, URL or secret.
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Warning, "Twilio status callback not stored; answered 503 so that Twilio retries")]
    public static partial void IngestFailed(ILogger logger, Exception exception);

    [LoggerMessage(2, LogLevel.Debug, "Twilio status callback refused with {StatusCode} ({Reason})")]
    public static partial void Refused(ILogger logger, int statusCode, string reason);

    [LoggerMessage(3, LogLevel.Debug, "Twilio status callback with an unreadable form: answered 400")]
    public static partial void MalformedForm(ILogger logger, Exception? exception);
}
