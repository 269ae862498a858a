using System;
using Microsoft.Extensions.Logging;

namespace CallCrm.Connectors.Hosting.Diagnostics;

/// <summary>Every log message of the hosting package. Streams and provider names only; never record content.</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "Stream {Stream} started: {Kind} from {Source} to {Sink}, every {PollInterval}")]
    public static partial void StreamStarted(ILogger logger, string stream, ConnectorStreamKind kind, string source, string sink, TimeSpan pollInterval);

    [LoggerMessage(2, LogLevel.Warning, "Run of stream {Stream} failed ({Failures} in a row); next try in {Delay}")]
    public static partial void RunFailed(ILogger logger, string stream, int failures, TimeSpan delay, Exception exception);

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
}
