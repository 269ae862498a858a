using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using CallCrm.Connectors.Storage.Sqlite.Schema;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace CallCrm.Connectors.Storage.Sqlite;

/// <summary>
/// The store's connections. SQLite lets one writer in at a time, so all writes of this instance go through one long-lived
/// writer connection guarded by a semaphore: writers queue here instead of failing with SQLITE_BUSY, and the writer keeps
/// its prepared statements across operations. Reads open a connection from Microsoft.Data.Sqlite's pool; with the
/// write-ahead log they neither wait for the writer nor block it. Other instances or processes on the same file are
/// serialized by SQLite's own lock (<c>BEGIN IMMEDIATE</c> waiting up to the busy timeout).
/// </summary>
internal sealed class SqliteDatabase : IAsyncDisposable, IDisposable
{
    private readonly SqliteStateStoreOptions _options;
    private readonly IReadOnlyList<SqliteMigration> _migrations;
    private readonly ILogger _logger;
    private readonly string _connectionString;
    private readonly string _busyTimeoutPragma;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly Dictionary<SqlStatement, SqliteCommand> _commands = [];
    private SqliteConnection? _writer;
    private volatile bool _initialized;
    private volatile bool _disposed;

    public SqliteDatabase(SqliteStateStoreOptions options, IReadOnlyList<SqliteMigration> migrations, ILogger logger)
    {
        _options = options;
        _migrations = migrations;
        _logger = logger;
        _connectionString = SqliteConnectionStrings.Build(options);
        _busyTimeoutPragma = SqliteConnectionStrings.BusyTimeoutPragma(options);
        var dataSource = SqliteConnectionStrings.Parse(options).DataSource;
        // Logged at open: the absolute path says which file a host really uses, whatever folder it was started from.
        DataSource = dataSource.StartsWith("file:", StringComparison.OrdinalIgnoreCase) ? dataSource : Path.GetFullPath(dataSource);
    }

    /// <summary>Gets the database file (its absolute path, unless it is a <c>file:</c> URI), for messages.</summary>
    public string DataSource { get; }

    public async ValueTask InitializeAsync(CancellationToken cancellationToken)
    {
        if (_initialized)
        {
            return;
        }

        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_initialized)
            {
                return;
            }

            var connection = OpenWriter();
            try
            {
                var version = SchemaMigrator.Migrate(connection, _migrations, DataSource, _logger, cancellationToken);
                Log.StoreOpened(_logger, DataSource, version);
            }
            catch
            {
                connection.Dispose();
                throw;
            }

            _writer = connection;
            _initialized = true;
        }
        catch (SqliteException ex) when (SqliteStoreErrors.TryTranslate(ex, out var translated))
        {
            throw translated;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Runs <paramref name="work"/> in one <c>BEGIN IMMEDIATE</c> transaction on the writer connection and commits it;
    /// on any failure (or cancellation between rows) the transaction is rolled back and nothing of it is stored.</summary>
    public async ValueTask<TResult> WriteAsync<TState, TResult>(TState state, Func<SqliteWriteBatch, TState, TResult> work, CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var writer = _writer!;

            // Microsoft.Data.Sqlite's async methods complete synchronously (SQLite has no asynchronous I/O), so the work runs
            // synchronously inside the lock: a Task per row would only add allocations to the hot path.
            using var transaction = writer.BeginTransaction(deferred: false);
            var result = work(new SqliteWriteBatch(_commands, writer, transaction, cancellationToken), state);
            cancellationToken.ThrowIfCancellationRequested();
            transaction.Commit();
            return result;
        }
        catch (SqliteException ex) when (SqliteStoreErrors.TryTranslate(ex, out var translated))
        {
            throw translated;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <inheritdoc cref="WriteAsync{TState, TResult}"/>
    public async ValueTask WriteAsync<TState>(TState state, Action<SqliteWriteBatch, TState> work, CancellationToken cancellationToken) =>
        await WriteAsync(
            (work, state),
            static (batch, s) =>
            {
                s.work(batch, s.state);
                return true;
            },
            cancellationToken).ConfigureAwait(false);

    /// <summary>Runs one query on a pooled reader connection.</summary>
    /// <param name="sql">The query.</param>
    /// <param name="state">What <paramref name="bind"/> and <paramref name="read"/> need, passed to avoid a closure per call.</param>
    /// <param name="bind">Adds the parameters.</param>
    /// <param name="read">Reads the result. Microsoft.Data.Sqlite reads synchronously in any case, so this is synchronous too.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    public async ValueTask<TResult> ReadAsync<TState, TResult>(
        string sql,
        TState state,
        Action<SqliteParameterCollection, TState> bind,
        Func<SqliteDataReader, TState, TResult> read,
        CancellationToken cancellationToken)
    {
        var connection = await OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            bind(command.Parameters, state);
            using var reader = command.ExecuteReader();
            return read(reader, state);
        }
        catch (SqliteException ex) when (SqliteStoreErrors.TryTranslate(ex, out var translated))
        {
            throw translated;
        }
        finally
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Opens a pooled connection for reading. The caller disposes it, which returns it to the pool.</summary>
    public async ValueTask<SqliteConnection> OpenReaderAsync(CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);

            // busy_timeout belongs to the connection; a pooled one may be new.
            using var pragma = connection.CreateCommand();
            pragma.CommandText = _busyTimeoutPragma;
            await pragma.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        // Wait for the write in progress, so it is not cut off by closing its connection.
        await _writeLock.WaitAsync().ConfigureAwait(false);
        try
        {
            CloseConnections();
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _writeLock.Wait();
        try
        {
            CloseConnections();
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private void CloseConnections()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        foreach (var command in _commands.Values)
        {
            command.Dispose();
        }

        _commands.Clear();
        if (_writer is { } writer)
        {
            // Closing the pooled readers lets the last connection checkpoint the write-ahead log into the database file.
            SqliteConnection.ClearPool(writer);
            writer.Dispose();
            _writer = null;
        }
    }

    private SqliteConnection OpenWriter()
    {
        CreateFolder();
        var connection = new SqliteConnection(_connectionString);
        try
        {
            connection.Open();
            using var command = connection.CreateCommand();

            // journal_mode=WAL is stored in the file; it cannot change inside a transaction, so it is set here, before any.
            command.CommandText = "PRAGMA journal_mode = WAL;";
            var journalMode = Convert.ToString(command.ExecuteScalar(), CultureInfo.InvariantCulture) ?? string.Empty;
            if (!string.Equals(journalMode, "wal", StringComparison.OrdinalIgnoreCase))
            {
                Log.WalUnavailable(_logger, DataSource, journalMode);
            }

            command.CommandText = string.Create(
                CultureInfo.InvariantCulture,
                $"{_busyTimeoutPragma} PRAGMA synchronous = {(int)_options.SynchronousMode}; PRAGMA foreign_keys = ON;");
            command.ExecuteNonQuery();
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private void CreateFolder()
    {
        // A URI data source (file:...) is SQLite's to resolve; a plain path gets its folder created, as the options promise.
        if (DataSource.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        var folder = Path.GetDirectoryName(Path.GetFullPath(DataSource));
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }
    }
}
