using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;

namespace CallCrm.Connectors.Storage.PostgreSql.Schema;

/// <summary>Brings the store's schema to the newest version this package knows.</summary>
/// <remarks>Everything happens in one transaction holding a transaction-scoped advisory lock on the schema: when several instances
/// start at once, the first migrates and the others wait for its commit, then find the schema current. PostgreSQL's DDL is
/// transactional, so a failure or a crash leaves the schema at the version it had.</remarks>
internal static class SchemaMigrator
{
    /// <summary>Migrates the schema; returns its version.</summary>
    /// <exception cref="Errors.ConnectorException">The schema has a newer version than <paramref name="migrations"/> reach.</exception>
    public static async Task<int> MigrateAsync(NpgsqlConnection connection, IReadOnlyList<PostgreSqlMigration> migrations, PostgreSqlDatabase database, CancellationToken cancellationToken)
    {
        EnsureConsecutive(migrations);
        var latest = migrations.Count;
        var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            await PostgreSqlDatabase.LockAsync(connection, transaction, AdvisoryLockKeys.Migration(database.Schema), cancellationToken).ConfigureAwait(false);

            // applied_at is for people reading the database only; the store never reads it back.
            await ExecuteAsync(
                connection,
                transaction,
                $"""
                CREATE SCHEMA IF NOT EXISTS {database.Schema};
                CREATE TABLE IF NOT EXISTS {database.Schema}.schema_version (
                    version      integer     NOT NULL PRIMARY KEY,
                    description  text        NOT NULL,
                    applied_at   timestamptz NOT NULL DEFAULT now()
                );
                """,
                cancellationToken).ConfigureAwait(false);
            var current = await ReadVersionAsync(connection, transaction, database.Schema, cancellationToken).ConfigureAwait(false);
            if (current > latest)
            {
                throw PostgreSqlStoreErrors.SchemaTooNew(database.Target, database.Schema, current, latest);
            }

            var applied = new List<PostgreSqlMigration>();
            for (var version = current + 1; version <= latest; version++)
            {
                var migration = migrations[version - 1];
                await ExecuteAsync(connection, transaction, migration.Sql, cancellationToken).ConfigureAwait(false);
                var insert = new NpgsqlCommand($"INSERT INTO {database.Schema}.schema_version (version, description) VALUES ($1, $2);", connection, transaction);
                await using (insert.ConfigureAwait(false))
                {
                    insert.Parameters.Add(new NpgsqlParameter<int> { TypedValue = migration.Version });
                    insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = migration.Description });
                    await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                applied.Add(migration);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            foreach (var migration in applied)
            {
                Log.MigrationApplied(database.Logger, database.Target, database.Schema, migration.Version, migration.Description);
            }

            return latest > current ? latest : current;
        }
    }

    private static async Task<int> ReadVersionAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string schema, CancellationToken cancellationToken)
    {
        var command = new NpgsqlCommand($"SELECT COALESCE(MAX(version), 0) FROM {schema}.schema_version;", connection, transaction);
        await using (command.ConfigureAwait(false))
        {
            return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        var command = new NpgsqlCommand(sql, connection, transaction);
        await using (command.ConfigureAwait(false))
        {
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static void EnsureConsecutive(IReadOnlyList<PostgreSqlMigration> migrations)
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
