using System;
using Microsoft.Extensions.Logging;

namespace CallCrm.Connectors.Http;

// Every log line of the package. None takes a URL path, query, header value, token or secret: only the vendor's name,
// hosts, status codes, durations and codes, so no personal data or credential can reach a log sink.
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Warning, "{SystemName}: request refused ({ErrorCode}): {Reason}")]
    public static partial void RequestRefused(ILogger logger, string systemName, string errorCode, string reason);

    [LoggerMessage(2, LogLevel.Debug, "{SystemName}: following redirect {StatusCode} to {Host}")]
    public static partial void RedirectFollowed(ILogger logger, string systemName, int statusCode, string host);

    [LoggerMessage(3, LogLevel.Information, "{SystemName}: attempt {Attempt} failed ({Outcome}); retrying in {Delay}")]
    public static partial void RetryScheduled(ILogger logger, string systemName, int attempt, string outcome, TimeSpan delay);

    [LoggerMessage(4, LogLevel.Warning, "{SystemName}: pausing all requests for {Pause} ({Reason})")]
    public static partial void RateLimitPaused(ILogger logger, string systemName, TimeSpan pause, string reason);

    [LoggerMessage(5, LogLevel.Warning, "{SystemName}: request not sent, the client-side rate limiter refused it ({Reason})")]
    public static partial void RateLimitRejected(ILogger logger, string systemName, string reason);

    [LoggerMessage(6, LogLevel.Debug, "{SystemName}: access token obtained, valid for {Lifetime}")]
    public static partial void TokenAcquired(ILogger logger, string systemName, TimeSpan lifetime);

    [LoggerMessage(7, LogLevel.Warning, "{SystemName}: token request failed with HTTP {StatusCode} ({OAuthError})")]
    public static partial void TokenRequestFailed(ILogger logger, string systemName, int statusCode, string oauthError);

    [LoggerMessage(8, LogLevel.Information, "{SystemName}: access token refused (HTTP 401); refreshing it and retrying once")]
    public static partial void TokenRejected(ILogger logger, string systemName);

    [LoggerMessage(9, LogLevel.Debug, "{SystemName}: request failed ({ErrorCode}, transient: {IsTransient}): {Detail}")]
    public static partial void RequestFailed(ILogger logger, string systemName, string errorCode, bool isTransient, string? detail);

    [LoggerMessage(10, LogLevel.Warning, "{SystemName}: SOAP fault {FaultCode}")]
    public static partial void SoapFaultReceived(ILogger logger, string systemName, string faultCode);

    [LoggerMessage(11, LogLevel.Warning, "{SystemName}: refused to connect to {Host}: it resolves only to private or loopback addresses")]
    public static partial void PrivateAddressRefused(ILogger logger, string systemName, string host);
}
