using System;
using Microsoft.Extensions.Logging;

namespace CallCrm.Connectors.Twilio;

// Every log line of the package: counts, durations and refusal reasons only; never a number, SID list, URL or secret.
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Debug, "{Provider}: slice read, {Listed} calls listed, {Yielded} after the checkpoint")]
    public static partial void SliceRead(ILogger logger, string provider, int listed, int yielded);

    [LoggerMessage(2, LogLevel.Information, "{Provider}: a time slice holds more calls than allowed in memory; reading it again in slices of {SliceLength}")]
    public static partial void SliceSplit(ILogger logger, string provider, TimeSpan sliceLength);

    [LoggerMessage(3, LogLevel.Debug, "{Provider}: {Matched} recordings found for {Answered} answered calls")]
    public static partial void RecordingsMatched(ILogger logger, string provider, int answered, int matched);

    [LoggerMessage(4, LogLevel.Debug, "{Provider}: read completed, {Count} calls yielded")]
    public static partial void ReadCompleted(ILogger logger, string provider, int count);

    [LoggerMessage(5, LogLevel.Warning, "{Provider}: status callback refused ({Reason})")]
    public static partial void CallbackRefused(ILogger logger, string provider, string reason);

    [LoggerMessage(6, LogLevel.Warning, "Webhook refused (twilio): {Reason}")]
    public static partial void SignatureRefused(ILogger logger, Security.Webhooks.WebhookValidationResult reason);
}
