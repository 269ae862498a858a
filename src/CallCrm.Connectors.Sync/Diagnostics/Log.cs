using System;
using CallCrm.Connectors.Errors;
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

    /// <summary>Logs a failed run: a <see cref="ConnectorException"/> (a refused token, an unreachable system: expected,
    /// and said in its error) at Warning with its friendly message and no stack trace; anything else at Error with it.</summary>
    public static void RunFailed(ILogger logger, string stream, string runId, string code, Exception exception)
    {
        if (Expected(exception) is { } error)
        {
            RunRefused(logger, stream, runId, code, error.GetUserMessage(), error.TechnicalDetail ?? string.Empty);
        }
        else
        {
            RunFailedUnexpectedly(logger, stream, runId, code, exception);
        }
    }

    /// <summary>Logs a failed run of the continuous loop, as <see cref="RunFailed"/> decides the level.</summary>
    public static void ContinuousRunFailed(ILogger logger, string stream, Exception exception)
    {
        if (Expected(exception) is { } error)
        {
            ContinuousRunRefused(logger, stream, error.Code.Value, error.GetUserMessage(), error.TechnicalDetail ?? string.Empty);
        }
        else
        {
            ContinuousRunFailedUnexpectedly(logger, stream, exception);
        }
    }

    [LoggerMessage(10, LogLevel.Error, "Run {RunId} of stream {Stream} failed ({Code})")]
    private static partial void RunFailedUnexpectedly(ILogger logger, string stream, string runId, string code, Exception exception);

    [LoggerMessage(17, LogLevel.Warning, "Run {RunId} of stream {Stream} failed ({Code}): {Message} {Detail}")]
    private static partial void RunRefused(ILogger logger, string stream, string runId, string code, string message, string detail);

    [LoggerMessage(18, LogLevel.Warning, "Stream {Stream}: continuous run failed ({Code}): {Message} {Detail}; next attempt after the poll interval")]
    private static partial void ContinuousRunRefused(ILogger logger, string stream, string code, string message, string detail);

    [LoggerMessage(11, LogLevel.Debug, "Stream {Stream}: change of customer {CustomerId} is the engine's own write coming back; not echoed")]
    public static partial void EchoSuppressed(ILogger logger, string stream, string customerId);

    [LoggerMessage(12, LogLevel.Information, "Tags of customer {CustomerId} in {Target} rolled back to version {Version} by {Origin}")]
    public static partial void TagsRolledBack(ILogger logger, string target, string customerId, long version, string origin);

    [LoggerMessage(13, LogLevel.Error, "Stream {Stream}: continuous run failed; next attempt after the poll interval")]
    private static partial void ContinuousRunFailedUnexpectedly(ILogger logger, string stream, Exception exception);

    [LoggerMessage(14, LogLevel.Error, "Stream {Stream}: the auditor failed to record {Count} committed changes; they are missing from the audit trail")]
    public static partial void AuditFailed(ILogger logger, string stream, int count, Exception exception);

    [LoggerMessage(15, LogLevel.Warning, "Stream {Stream}: call-outcome tags of customer {CustomerId} were not written to the CRM ({Code}); the call system has them")]
    public static partial void CrmTagWriteFailed(ILogger logger, string stream, string customerId, string code);

    [LoggerMessage(16, LogLevel.Warning, "Run {RunId} of stream {Stream}: the drain timeout {DrainTimeout} ran out before the batches in flight were written; they are cancelled and read again by the next run")]
    public static partial void DrainTimedOut(ILogger logger, string stream, string runId, TimeSpan drainTimeout);

    // A ConnectorException the SDK classified (a refused token, an unreachable system) is expected and said by its error;
    // one of code UNKNOWN wraps something nobody anticipated (a bug), whose stack trace is what the reader needs.
    private static ConnectorError? Expected(Exception exception) =>
        exception is ConnectorException { Error: var error } && error.Code != ConnectorErrorCode.Unknown ? error : null;

    [LoggerMessage(47, LogLevel.Debug, "Stream {Stream}: record {Key} is older than the version the ledger holds (final {HeldFinal}, updated {HeldUpdatedAt}); it is settled unchanged and not sent")]
    public static partial void StaleVersion(ILogger logger, string stream, string key, bool heldFinal, NodaTime.Instant? heldUpdatedAt);

    [LoggerMessage(48, LogLevel.Debug, "Stream {Stream}: record {Key} is older than the version waiting in the outbox (final {HeldFinal}, updated {HeldUpdatedAt}); it does not replace it")]
    public static partial void StaleBehindOutbox(ILogger logger, string stream, string key, bool heldFinal, NodaTime.Instant? heldUpdatedAt);

    [LoggerMessage(40, LogLevel.Information, "Stream {Stream}: the sink's writes go through the resilience pipeline registered under {Key}, not the engine's default")]
    public static partial void ReplacementPipeline(ILogger logger, string stream, string key);

    [LoggerMessage(41, LogLevel.Warning, "Stream {Stream}: could not read its outbox, checkpoint and dead-letter facts for the metrics; the gauges keep the previous ones until the next run")]
    public static partial void StoreFactsRefreshFailed(ILogger logger, string stream, Exception exception);

    [LoggerMessage(61, LogLevel.Information, "Stream {Stream}: another instance holds the stream's lease; the call outcome of customer {CustomerId} is queued in the shared outbox for it to apply")]
    public static partial void CallOutcomeQueued(ILogger logger, string stream, string customerId);

    [LoggerMessage(62, LogLevel.Warning, "Stream {Stream}: the stream's lease was lost while {Count} pushed records were being settled; they are buffered in the shared outbox for the lease holder")]
    public static partial void IngestFencedOut(ILogger logger, string stream, int count);
}
