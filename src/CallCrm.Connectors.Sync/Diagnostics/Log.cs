using System;
using Microsoft.Extensions.Logging;

namespace CallCrm.Connectors.Sync.Diagnostics;

/// <summary>Every log message of the sync engine. Record keys and customer ids are logged; phone numbers never are.</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "Run {RunId} of stream {Stream} started from {Checkpoint}")]
    public static partial void RunStarted(ILogger logger, string stream, string runId, string checkpoint);

    [LoggerMessage(2, LogLevel.Information, "Run {RunId} of stream {Stream} ended {Outcome}: read {Read}, written {Written}, unchanged {Unchanged}, buffered {Buffered}, dead-lettered {DeadLettered} in {Duration}")]
    public static partial void RunEnded(ILogger logger, string stream, string runId, SyncRunOutcome outcome, long read, long written, long unchanged, long buffered, long deadLettered, TimeSpan duration);

    [LoggerMessage(3, LogLevel.Warning, "Stream {Stream}: the API budget of {System} is spent; the run stops and resumes at {ResumesAt}")]
    public static partial void BudgetExhausted(ILogger logger, string stream, string? system, string resumesAt);

    [LoggerMessage(4, LogLevel.Warning, "Stream {Stream}: sink unavailable ({Code}); {Count} records buffered in the outbox")]
    public static partial void Buffered(ILogger logger, string stream, string code, int count);

    [LoggerMessage(5, LogLevel.Warning, "Stream {Stream}: record {Key} dead-lettered ({Code})")]
    public static partial void DeadLettered(ILogger logger, string stream, string key, string code);

    [LoggerMessage(6, LogLevel.Information, "Stream {Stream}: {Count} outbox records delivered")]
    public static partial void OutboxDrained(ILogger logger, string stream, int count);

    [LoggerMessage(7, LogLevel.Warning, "Sink {Sink}: retrying write, attempt {Attempt} in {Delay} after {Code}")]
    public static partial void RetryingWrite(ILogger logger, string sink, int attempt, TimeSpan delay, string code);

    [LoggerMessage(8, LogLevel.Warning, "Sink {Sink}: circuit opened for {BreakDuration}")]
    public static partial void CircuitOpened(ILogger logger, string sink, TimeSpan breakDuration);

    [LoggerMessage(9, LogLevel.Information, "Sink {Sink}: circuit closed")]
    public static partial void CircuitClosed(ILogger logger, string sink);

    [LoggerMessage(10, LogLevel.Error, "Run {RunId} of stream {Stream} failed ({Code})")]
    public static partial void RunFailed(ILogger logger, string stream, string runId, string code, Exception exception);

    [LoggerMessage(11, LogLevel.Debug, "Stream {Stream}: change of customer {CustomerId} is the engine's own write coming back; not echoed")]
    public static partial void EchoSuppressed(ILogger logger, string stream, string customerId);

    [LoggerMessage(12, LogLevel.Information, "Tags of customer {CustomerId} in {Target} rolled back to version {Version} by {Origin}")]
    public static partial void TagsRolledBack(ILogger logger, string target, string customerId, long version, string origin);

    [LoggerMessage(13, LogLevel.Error, "Stream {Stream}: continuous run failed; next attempt after the poll interval")]
    public static partial void ContinuousRunFailed(ILogger logger, string stream, Exception exception);

    [LoggerMessage(14, LogLevel.Error, "Stream {Stream}: the auditor failed to record {Count} committed changes; they are missing from the audit trail")]
    public static partial void AuditFailed(ILogger logger, string stream, int count, Exception exception);

    [LoggerMessage(15, LogLevel.Warning, "Stream {Stream}: call-outcome tags of customer {CustomerId} were not written to the CRM ({Code}); the call system has them")]
    public static partial void CrmTagWriteFailed(ILogger logger, string stream, string customerId, string code);

    [LoggerMessage(16, LogLevel.Warning, "Run {RunId} of stream {Stream}: the drain timeout {DrainTimeout} ran out before the batches in flight were written; they are cancelled and read again by the next run")]
    public static partial void DrainTimedOut(ILogger logger, string stream, string runId, TimeSpan drainTimeout);

    [LoggerMessage(17, LogLevel.Warning, "Stream {Stream}: could not read its outbox, checkpoint and dead-letter facts for the metrics; the gauges keep the previous ones until the next run")]
    public static partial void StoreFactsRefreshFailed(ILogger logger, string stream, Exception exception);
}
