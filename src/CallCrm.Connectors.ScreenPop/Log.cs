using CallCrm.Connectors.Errors;
using Microsoft.Extensions.Logging;

namespace CallCrm.Connectors.ScreenPop;

/// <summary>The package's log messages. None carries a phone number: numbers appear only as audit pseudonyms.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 7100, Level = LogLevel.Warning, Message = "Screen-pop lookup of {Caller} failed ({Code}); served a stale card {AgeSeconds} s old")]
    public static partial void ServedStale(ILogger logger, string? caller, ConnectorErrorCode code, long ageSeconds);

    [LoggerMessage(EventId = 7101, Level = LogLevel.Error, Message = "Screen-pop lookup of {Caller} failed ({Code}) and no usable card was cached")]
    public static partial void Unavailable(ILogger logger, string? caller, ConnectorErrorCode code);

    [LoggerMessage(EventId = 7102, Level = LogLevel.Warning, Message = "Background refresh of the screen-pop card of {Caller} failed ({Code}); the cached card is kept")]
    public static partial void RefreshFailed(ILogger logger, string? caller, ConnectorErrorCode code);

    [LoggerMessage(EventId = 7103, Level = LogLevel.Warning, Message = "Pre-loading the screen-pop card of {Caller} failed ({Code})")]
    public static partial void PreloadFailed(ILogger logger, string? caller, ConnectorErrorCode code);
}
