using CallCrm.Connectors.Security.Access;
using Microsoft.Extensions.Logging;

namespace CallCrm.Connectors.Security;

/// <summary>The package's log messages. None carries a phone number, an e-mail address, a token or a caller's name.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 5100, Level = LogLevel.Warning, Message = "Access denied: roles {Roles} may not read the {View} view")]
    public static partial void AccessDenied(ILogger logger, DataView view, string roles);

    [LoggerMessage(EventId = 5200, Level = LogLevel.Warning, Message = "Webhook refused ({Scheme}): {Reason}")]
    public static partial void WebhookRefused(ILogger logger, string scheme, Webhooks.WebhookValidationResult reason);

    [LoggerMessage(EventId = 5300, Level = LogLevel.Debug, Message = "Audit sequence {Sequence} was taken by another instance (attempt {Attempt}); reloading the chain head")]
    public static partial void AuditAppendConflict(ILogger logger, long sequence, int attempt);

    [LoggerMessage(EventId = 5301, Level = LogLevel.Error, Message = "Audit entries {SealedLast} to {Last} are not covered by the seal: a process stopped between writing an entry and sealing it, or entries were added behind the SDK's back. Run a verification")]
    public static partial void AuditUnsealedEntries(ILogger logger, long sealedLast, long last);

    [LoggerMessage(EventId = 5302, Level = LogLevel.Error, Message = "The audit log ends at entry {Last} but its seal covers entries up to {SealedLast}: entries were removed. Appending continues after the sealed head; run a verification")]
    public static partial void AuditHeadBehindSeal(ILogger logger, long last, long sealedLast);

    [LoggerMessage(EventId = 5303, Level = LogLevel.Information, Message = "Audit retention deleted {Deleted} entries; the chain now starts at entry {FirstKept}")]
    public static partial void AuditRetentionApplied(ILogger logger, int deleted, long firstKept);

    [LoggerMessage(EventId = 5304, Level = LogLevel.Critical, Message = "Audit chain verification failed: {Failure} at entry {FirstBadSequence}")]
    public static partial void AuditVerificationFailed(ILogger logger, Audit.AuditVerificationFailure failure, long firstBadSequence);

    [LoggerMessage(EventId = 5305, Level = LogLevel.Error, Message = "Writing {Count} buffered audit entries failed; they stay buffered and are tried again in {RetryIn}")]
    public static partial void AuditBatchFailed(ILogger logger, int count, System.TimeSpan retryIn, System.Exception exception);

    [LoggerMessage(EventId = 5306, Level = LogLevel.Critical, Message = "The audit log stopped while the store refused its last {Count} buffered entries: they are lost")]
    public static partial void AuditEntriesLost(ILogger logger, int count, System.Exception exception);

    [LoggerMessage(EventId = 5400, Level = LogLevel.Warning, Message = "Customer lookup through {Provider} failed with {ErrorCode}; the failure is audited")]
    public static partial void LookupFailed(ILogger logger, string provider, string errorCode);
}
