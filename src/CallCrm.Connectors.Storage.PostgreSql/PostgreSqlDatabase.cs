using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using CallCrm.Connectors.Storage.PostgreSql.Schema;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace CallCrm.Connectors.Storage.PostgreSql;

/// <summary>
/// The store's connections: one <see cref="NpgsqlDataSource"/> (Npgsql's pool) whose connections have the store's schema as their
/// search path and the configured command timeout. Unlike SQLite, PostgreSQL takes many writers at once, so writes are not queued
/// here: each opens a pooled connection and runs in its own transaction, and the rules between concurrent writers (of this instance
/// or of others) are row locks, unique keys and advisory locks in the SQL itself.
/// </summary>
internal sealed class PostgreSqlDatabase : IAsyncDisposable, IDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly IReadOnlyList<PostgreSqlMigration> _migrations;
    private readonly SemaphoreSlim _initializeLock = new(1, 1);
    private volatile bool _initialized;
    private volatile bool _disposed;

    public PostgreSqlDatabase(PostgreSqlStateStoreOptions options, IReadOnlyList<PostgreSqlMigration> migrations, ILogger logger)
    {
        _migrations = migrations;
        Logger = logger;
        Schema = options.Schema;
        Target = PostgreSqlStateStoreOptions.DescribeTarget(options.ConnectionString);
        OutboxClaimDuration = options.OutboxClaimDuration;
        var builder = new NpgsqlConnectionStringBuilder(options.ConnectionString)
        {
            // The schema is a validated plain identifier, so it needs no quoting in the search path.
            SearchPath = options.Schema,
            CommandTimeout = (int)options.CommandTimeout.TotalSeconds,
        };
        if (string.IsNullOrEmpty(builder.ApplicationName))
        {
            // Shows the store's sessions as such in pg_stat_activity.
            builder.ApplicationName = "CallCrm.Connectors";
        }

        _dataSource = NpgsqlDataSource.Create(builder);
    }

    /// <summary>Gets the schema of the store's tables.</summary>
    public string Schema { get; }

    /// <summary>Gets the server and database as <c>host:port/database</c>, for messages (never the connection string).</summary>
    public string Target { get; }

    /// <summary>Gets this store instance's identity, which marks its outbox claims and its checkpoint writes.</summary>
    public Guid InstanceId { get; } = Guid.NewGuid();

    /// <summary>Gets how long outbox claims last.</summary>
    public TimeSpan OutboxClaimDuration { get; }

    public ILogger Logger { get; }

    public async ValueTask InitializeAsync(CancellationToken cancellationToken)
    {
        if (_initialized)
        {
            return;
        }

        await _initializeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_initialized)
            {
                return;
            }

            var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                var version = await SchemaMigrator.MigrateAsync(connection, _migrations, this, cancellationToken).ConfigureAwait(false);
                Log.StoreOpened(Logger, Target, Schema, version);
            }

            _initialized = true;
        }
        catch (NpgsqlException ex) when (PostgreSqlStoreErrors.TryTranslate(ex, out var translated))
        {
            throw translated;
        }
        finally
        {
            _initializeLock.Release();
        }
    }

    /// <summary>Runs <paramref name="work"/> in one transaction and commits it; on any failure or cancellation nothing of it is stored.</summary>
    public async ValueTask<TResult> WriteAsync<TState, TResult>(
        TState state,
        Func<NpgsqlConnection, NpgsqlTransaction, TState, CancellationToken, Task<TResult>> work,
        CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        ObjectDisposedException.ThrowIf(_disposed, this);
        try
        {
            var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                await using (transaction.ConfigureAwait(false))
                {
                    var result = await work(connection, transaction, state, cancellationToken).ConfigureAwait(false);
                    cancellationToken.ThrowIfCancellationRequested();
                    await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                    return result;
                }
            }
        }
        catch (NpgsqlException ex) when (PostgreSqlStoreErrors.TryTranslate(ex, out var translated))
        {
            throw translated;
        }
    }

    /// <inheritdoc cref="WriteAsync{TState, TResult}"/>
    public async ValueTask WriteAsync<TState>(TState state, Func<NpgsqlConnection, NpgsqlTransaction, TState, CancellationToken, Task> work, CancellationToken cancellationToken) =>
        await WriteAsync(
            (work, state),
            static async (connection, transaction, s, ct) =>
            {
                await s.work(connection, transaction, s.state, ct).ConfigureAwait(false);
                return true;
            },
            cancellationToken).ConfigureAwait(false);

    /// <summary>Runs one query on a pooled connection and maps every row.</summary>
    public async ValueTask<List<T>> QueryAsync<TState, T>(
        string sql,
        TState state,
        Action<NpgsqlParameterCollection, TState> bind,
        Func<NpgsqlDataReader, TState, T> map,
        CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        ObjectDisposedException.ThrowIf(_disposed, this);
        try
        {
            var command = _dataSource.CreateCommand(sql);
            await using (command.ConfigureAwait(false))
            {
                bind(command.Parameters, state);
                var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    var rows = new List<T>();
                    while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        rows.Add(map(reader, state));
                    }

                    return rows;
                }
            }
        }
        catch (NpgsqlException ex) when (PostgreSqlStoreErrors.TryTranslate(ex, out var translated))
        {
            throw translated;
        }
    }

    /// <summary>Opens a pooled connection the caller keeps (a stream lease holds its session lock on it).</summary>
    public async ValueTask<NpgsqlConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        ObjectDisposedException.ThrowIf(_disposed, this);
        try
        {
            return await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (NpgsqlException ex) when (PostgreSqlStoreErrors.TryTranslate(ex, out var translated))
        {
            throw translated;
        }
    }

    /// <summary>Takes a transaction-scoped advisory lock: released by the transaction's commit or rollback, or by a lost connection.</summary>
    public static async Task LockAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long key, CancellationToken cancellationToken)
    {
        var command = new NpgsqlCommand("SELECT pg_advisory_xact_lock($1);", connection, transaction);
        await using (command.ConfigureAwait(false))
        {
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = key });
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Target} schema {Schema}");

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        // The initialization lock is left to the collector: an InitializeAsync still waiting on it then fails with
        // ObjectDisposedException from the data source instead of from the lock's Release.
        _disposed = true;
        await _dataSource.DisposeAsync().ConfigureAwait(false);
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _dataSource.Dispose();
    }
}
