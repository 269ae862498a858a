using Microsoft.Extensions.Logging;

namespace CallCrm.Connectors.Storage.PostgreSql;

/// <summary>The package's log messages. They name the server as host, port and database; connection strings are never logged (they may
/// hold a password).</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "Opened the PostgreSQL state store {Target}, schema {Schema}, at schema version {SchemaVersion}")]
    public static partial void StoreOpened(ILogger logger, string target, string schema, int schemaVersion);

    [LoggerMessage(2, LogLevel.Information, "Migrated the PostgreSQL state store {Target}, schema {Schema}, to schema version {SchemaVersion} ({Description})")]
    public static partial void MigrationApplied(ILogger logger, string target, string schema, int schemaVersion, string description);

    [LoggerMessage(3, LogLevel.Debug, "Acquired the lease of stream {Stream} in the PostgreSQL state store, schema {Schema}")]
    public static partial void LeaseAcquired(ILogger logger, string stream, string schema);

    [LoggerMessage(4, LogLevel.Debug, "The lease of stream {Stream} in the PostgreSQL state store, schema {Schema}, is held by another instance")]
    public static partial void LeaseBusy(ILogger logger, string stream, string schema);

    [LoggerMessage(5, LogLevel.Warning, "Could not release the lease of stream {Stream} cleanly; closing its connection releases it")]
    public static partial void LeaseReleaseFailed(ILogger logger, string stream, System.Exception exception);

    [LoggerMessage(6, LogLevel.Debug, "Kept the checkpoint of stream {Stream}: another instance stored a later watermark than this commit's")]
    public static partial void CheckpointKept(ILogger logger, string stream);

    [LoggerMessage(7, LogLevel.Warning, "Lost the lease of stream {Stream}: its connection to the PostgreSQL state store failed; the run stops and its commits are refused")]
    public static partial void LeaseConnectionLost(ILogger logger, string stream, System.Exception exception);

    [LoggerMessage(8, LogLevel.Warning, "Lost the lease of stream {Stream}: another instance took it over (fencing token {FencingToken}, now {CurrentEpoch}); the run stops and its commits are refused")]
    public static partial void LeaseFenced(ILogger logger, string stream, long fencingToken, long currentEpoch);
}
