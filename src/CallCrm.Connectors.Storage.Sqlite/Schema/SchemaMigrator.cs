using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace CallCrm.Connectors.Storage.Sqlite.Schema;

/// <summary>Brings a database file to the newest schema version this package knows, one migration per transaction.</summary>
internal static class SchemaMigrator
{
    // applied_at is for people reading the file only; the store never reads it back.
    private const string CreateVersionTable = """
        CREATE TABLE IF NOT EXISTS schema_version (
            version      INTEGER NOT NULL PRIMARY KEY,
            description  TEXT    NOT NULL,
            applied_at   TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
        ) STRICT;
        """;

    /// <summary>Migrates the database; returns its schema version.</summary>
    /// <exception cref="Errors.ConnectorException">The file has a newer schema version than <paramref name="migrations"/> reach.</exception>
    public static int Migrate(SqliteConnection connection, IReadOnlyList<SqliteMigration> migrations, string dataSource, ILogger logger, CancellationToken cancellationToken)
    {
        EnsureConsecutive(migrations);
        var latest = migrations.Count;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();

            // BEGIN IMMEDIATE, and the version read inside the transaction: when several instances open the same file at once,
            // exactly one applies each migration and the others see its version row.
            using var transaction = connection.BeginTransaction(deferred: false);
            Execute(connection, transaction, CreateVersionTable);
            var current = ReadVersion(connection, transaction);
            if (current > latest)
            {
                throw SqliteStoreErrors.SchemaTooNew(dataSource, current, latest);
            }

            if (current == latest)
            {
                transaction.Commit();
                return current;
            }

            // A crash between two migrations leaves the file consistent at the earlier version; the next open goes on from there.
            var migration = migrations[current];
            Execute(connection, transaction, migration.Sql);
            using (var insert = connection.CreateCommand())
            {
                insert.Transaction = transaction;
                insert.CommandText = "INSERT INTO schema_version (version, description) VALUES ($version, $description);";
                insert.Parameters.AddWithValue("$version", migration.Version);
                insert.Parameters.AddWithValue("$description", migration.Description);
                insert.ExecuteNonQuery();
            }

            transaction.Commit();
            Log.MigrationApplied(logger, dataSource, migration.Version, migration.Description);
        }
    }

    private static int ReadVersion(SqliteConnection connection, SqliteTransaction transaction)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT COALESCE(MAX(version), 0) FROM schema_version;";
        return Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private static void Execute(SqliteConnection connection, SqliteTransaction transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static void EnsureConsecutive(IReadOnlyList<SqliteMigration> migrations)
    {
        for (var i = 0; i < migrations.Count; i++)
        {
            if (migrations[i].Version != i + 1)
            {
                throw new InvalidOperationException(string.Create(
                    CultureInfo.InvariantCulture,
                    $"Schema migrations must be numbered 1, 2, 3, ... in order; entry {i} has version {migrations[i].Version}."));
            }
        }
    }
}
