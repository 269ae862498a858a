using System;
using CallCrm.Connectors.Errors;
using Microsoft.Extensions.Logging;

namespace CallCrm.Connectors.Hosting.Diagnostics;

/// <summary>Every log message of the hosting package. Streams and provider names only; never record content.</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "Stream {Stream} started: {Kind} from {Source} to {Sink}, every {PollInterval}")]
    public static partial void StreamStarted(ILogger logger, string stream, ConnectorStreamKind kind, string source, string sink, TimeSpan pollInterval);

    /// <summary>Logs a failed run: a <see cref="ConnectorException"/> (expected: a refused token, an unreachable system)
    /// with its friendly message and no stack trace, anything else with the exception.</summary>
    public static void RunFailed(ILogger logger, string stream, int failures, TimeSpan delay, Exception exception)
    {
        if (Expected(exception) is { } error)
        {
            RunRefused(logger, stream, failures, delay, error.Code.Value, error.GetUserMessage());
        }
        else
        {
            RunFailedUnexpectedly(logger, stream, failures, delay, exception);
        }
    }

    /// <summary>Logs the start-up check of one provider the streams use.</summary>
    public static void ConnectionChecked(ILogger logger, string role, string provider, ConnectorError? error)
    {
        if (error is null)
        {
            ConnectionAccepted(logger, role, provider);
        }
        else
        {
            ConnectionRefused(logger, role, provider, error.Code.Value, error.GetUserMessage(), error.TechnicalDetail ?? string.Empty);
        }
    }

    [LoggerMessage(2, LogLevel.Warning, "Run of stream {Stream} failed ({Failures} in a row); next try in {Delay}")]
    private static partial void RunFailedUnexpectedly(ILogger logger, string stream, int failures, TimeSpan delay, Exception exception);

    [LoggerMessage(8, LogLevel.Warning, "Run of stream {Stream} failed ({Failures} in a row, {Code}): {Message} Next try in {Delay}")]
    private static partial void RunRefused(ILogger logger, string stream, int failures, TimeSpan delay, string code, string message);

    [LoggerMessage(9, LogLevel.Information, "The {Role} {Provider} is reachable and accepts its credentials")]
    private static partial void ConnectionAccepted(ILogger logger, string role, string provider);

    [LoggerMessage(10, LogLevel.Warning, "The {Role} {Provider} cannot be used ({Code}): {Message} {Detail}")]
    private static partial void ConnectionRefused(ILogger logger, string role, string provider, string code, string message, string detail);

    [LoggerMessage(3, LogLevel.Information, "Stopping: waiting for the runs in flight to commit")]
    public static partial void Stopping(ILogger logger);

    [LoggerMessage(4, LogLevel.Warning, "The host's shutdown timeout elapsed before the runs in flight finished; they are cancelled and their uncommitted batches are read again at the next start")]
    public static partial void StopTimedOut(ILogger logger);

    // Event 5 (HealthRefreshFailed) is retired: the engine refreshes its gauges itself after every run.

    [LoggerMessage(6, LogLevel.Information, "Stream {Stream} stopped ({Outcome}) after writing {Written} records of the run in flight")]
    public static partial void RunStopped(ILogger logger, string stream, Sync.SyncRunOutcome outcome, long written);

    // Debug: with several instances, every instance but one logs it for every stream at every poll.
    [LoggerMessage(7, LogLevel.Debug, "Stream {Stream} is run by another instance (it holds the stream's lease); next try in {Delay}")]
    public static partial void RunByAnotherInstance(ILogger logger, string stream, TimeSpan delay);

    // A ConnectorException the SDK classified (a refused token, an unreachable system) is expected and said by its error;
    // one of code UNKNOWN wraps something nobody anticipated (a bug), whose stack trace is what the reader needs.
    private static ConnectorError? Expected(Exception exception) =>
        exception is ConnectorException { Error: var error } && error.Code != ConnectorErrorCode.Unknown ? error : null;
}
