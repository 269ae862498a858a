using System;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace CallCrm.Connectors.Storage.Sqlite;

/// <summary>Builds the connection string the store opens, from validated options.</summary>
internal static class SqliteConnectionStrings
{
    public static SqliteConnectionStringBuilder Parse(SqliteStateStoreOptions options) =>
        options.ConnectionString is { } connectionString && !string.IsNullOrWhiteSpace(connectionString)
            ? new SqliteConnectionStringBuilder(connectionString)
            : new SqliteConnectionStringBuilder { DataSource = options.DataSource };

    public static string Build(SqliteStateStoreOptions options)
    {
        var builder = Parse(options);

        // Readers come from Microsoft.Data.Sqlite's pool; the single writer connection stays open for the store's lifetime.
        builder.Pooling = true;
        builder.ForeignKeys = true;

        // A private cache: a shared cache would make SQLite use table-level locks and SQLITE_LOCKED between our own connections.
        builder.Cache = SqliteCacheMode.Private;

        // Microsoft.Data.Sqlite retries SQLITE_BUSY itself until the command timeout (whole seconds); keep it at least the busy timeout.
        builder.DefaultTimeout = checked((int)Math.Ceiling(options.BusyTimeout.TotalSeconds));
        return builder.ToString();
    }

    public static string BusyTimeoutPragma(SqliteStateStoreOptions options) =>
        string.Create(CultureInfo.InvariantCulture, $"PRAGMA busy_timeout = {(long)options.BusyTimeout.TotalMilliseconds};");
}
