using Microsoft.Extensions.Logging;

namespace CallCrm.Connectors.Storage.Sqlite;

/// <summary>The package's log messages. Data sources are file paths; connection strings are never logged (they may hold a password).</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "Opened the SQLite state store {DataSource} at schema version {SchemaVersion}")]
    public static partial void StoreOpened(ILogger logger, string dataSource, int schemaVersion);

    [LoggerMessage(2, LogLevel.Information, "Migrated the SQLite state store {DataSource} to schema version {SchemaVersion} ({Description})")]
    public static partial void MigrationApplied(ILogger logger, string dataSource, int schemaVersion, string description);

    [LoggerMessage(3, LogLevel.Warning, "The SQLite state store {DataSource} runs in journal mode {JournalMode} instead of WAL (the file system may not support it): readers and the writer will block each other")]
    public static partial void WalUnavailable(ILogger logger, string dataSource, string journalMode);
}
