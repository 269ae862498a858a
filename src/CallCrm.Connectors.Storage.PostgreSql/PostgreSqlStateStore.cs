using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using CallCrm.Connectors.State;
using CallCrm.Connectors.Storage.PostgreSql.Schema;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CallCrm.Connectors.Storage.PostgreSql;

/// <summary>The <see cref="IConnectorStateStore"/> for several connector instances sharing one PostgreSQL database.</summary>
/// <remarks>
/// <para>The store creates its schema and tables, and migrates a schema written by an earlier version of this package, on
/// <see cref="InitializeAsync"/> or on first use. Migration runs in one transaction under an advisory lock, so instances starting
/// at once migrate once. A schema written by a newer version is refused with a <see cref="Errors.ConnectorException"/> whose code is
/// <see cref="Errors.ConnectorErrorCode.InvalidConfiguration"/>, and left unchanged.</para>
/// <para>Every write, and every part of a <see cref="CommitAsync"/>, runs in one transaction: stored whole or not at all. What holds
/// between instances: ledger writes are upserts (never a unique-key failure, the later commit wins whole); a commit never moves a
/// stream's watermark before one another instance stored (<see cref="ICheckpointStore.SetAsync"/>, the operator's reset, always
/// sets); an outbox peek claims its entries, so each entry is handed to one instance at a time and a partition is drained by one
/// instance at a time; audit rows are appended one at a time under a lock, so the chain stays one chain; a tag version is taken once.
/// Two instances running the same stream at once would still both send the records they read before either commits: run each
/// stream under a <see cref="PostgreSqlStreamLease"/> (<see cref="TryAcquireStreamLeaseAsync"/>); the hosting package's hosted service
/// does so through <see cref="IStreamLeaseProvider"/>.</para>
/// <para>Failures a caller can act on are <see cref="Errors.ConnectorException"/>s: a taken unique key or a row that does not follow the
/// audit chain is <see cref="Errors.ConnectorErrorCode.Conflict"/>; a deadlock or serialization failure is a transient
/// <see cref="Errors.ConnectorErrorCode.Conflict"/>; an unreachable server is the transient
/// <see cref="Errors.ConnectorErrorCode.Unreachable"/>, a command over <see cref="PostgreSqlStateStoreOptions.CommandTimeout"/> the
/// transient <see cref="Errors.ConnectorErrorCode.Timeout"/>.</para>
/// </remarks>
public sealed class PostgreSqlStateStore : IConnectorStateStore, IStreamLeaseProvider, IDisposable
{
    private readonly PostgreSqlDatabase _database;
    private readonly TimeProvider _time;
    private readonly TimeSpan _leaseKeepAlive;

    /// <summary>Gets the database the stores share (the webhook replay store uses it too).</summary>
    internal PostgreSqlDatabase Database => _database;

    /// <summary>Initializes a new instance of the <see cref="PostgreSqlStateStore"/> class.</summary>
    /// <param name="options">The options; validated here.</param>
    /// <param name="logger">The logger, or <see langword="null"/> for none.</param>
    /// <exception cref="OptionsValidationException">The options are not valid.</exception>
    public PostgreSqlStateStore(PostgreSqlStateStoreOptions options, ILogger<PostgreSqlStateStore>? logger = null)
        : this(options, PostgreSqlMigrations.All, logger)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="PostgreSqlStateStore"/> class from the options pipeline.</summary>
    /// <param name="options">The options; validated here.</param>
    /// <param name="logger">The logger, or <see langword="null"/> for none.</param>
    /// <exception cref="OptionsValidationException">The options are not valid.</exception>
    public PostgreSqlStateStore(IOptions<PostgreSqlStateStoreOptions> options, ILogger<PostgreSqlStateStore>? logger = null)
        : this(GetValue(options), logger)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="PostgreSqlStateStore"/> class with the clock of its leases' keep-alive.</summary>
    /// <param name="options">The options; validated here.</param>
    /// <param name="timeProvider">The clock of the stream leases' keep-alive timers (tests pass a fake one).</param>
    /// <param name="logger">The logger, or <see langword="null"/> for none.</param>
    /// <exception cref="OptionsValidationException">The options are not valid.</exception>
    public PostgreSqlStateStore(PostgreSqlStateStoreOptions options, TimeProvider timeProvider, ILogger<PostgreSqlStateStore>? logger = null)
        : this(options, PostgreSqlMigrations.All, logger, timeProvider)
    {
    }

    /// <summary>Initializes a new instance with a given list of migrations (tests use it to simulate other schema versions).</summary>
    internal PostgreSqlStateStore(PostgreSqlStateStoreOptions options, IReadOnlyList<PostgreSqlMigration> migrations, ILogger? logger, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(migrations);
        PostgreSqlStateStoreOptionsValidator.ThrowIfInvalid(options);
        _database = new PostgreSqlDatabase(options.Clone(), migrations, logger ?? NullLogger.Instance);
        _time = timeProvider ?? TimeProvider.System;
        _leaseKeepAlive = options.LeaseKeepAliveInterval;
        Checkpoints = new PostgreSqlCheckpointStore(_database);
        Ledger = new PostgreSqlDeliveryLedger(_database);
        Outbox = new PostgreSqlOutboxStore(_database);
        DeadLetters = new PostgreSqlDeadLetterStore(_database);
        TagHistory = new PostgreSqlTagHistoryStore(_database);
        AuditLog = new PostgreSqlAuditLogStore(_database);
    }

    /// <inheritdoc />
    public ICheckpointStore Checkpoints { get; }

    /// <inheritdoc />
    public IDeliveryLedger Ledger { get; }

    /// <inheritdoc />
    public IOutboxStore Outbox { get; }

    /// <inheritdoc />
    public IDeadLetterStore DeadLetters { get; }

    /// <inheritdoc />
    public ITagHistoryStore TagHistory { get; }

    /// <inheritdoc />
    public IAuditLogStore AuditLog { get; }

    /// <inheritdoc />
    /// <remarks>Calling it is optional: the first operation initializes the store too. Calling it at start surfaces a wrong connection
    /// string, missing privileges or a schema from a newer version before any work is done.</remarks>
    public ValueTask InitializeAsync(CancellationToken cancellationToken = default) => _database.InitializeAsync(cancellationToken);

    /// <inheritdoc />
    /// <remarks>
    /// A commit with a <see cref="StateCommit.FencingToken"/> first checks, in its transaction, that the token is the stream's current
    /// lease epoch, and otherwise stores nothing and throws <see cref="Errors.ConnectorErrorCode.LeaseLost"/>.
    /// The parts are applied in this order, in one transaction: ledger entries, dead letters, outbox completions, outbox messages, tag
    /// versions, checkpoint. Completions come before new messages so that a commit which completes a key's entry and enqueues the same
    /// key again keeps the new message. Each part is stored under its own stream. A watermark checkpoint before the stored one is kept
    /// out (the rest of the commit is stored) when another store instance wrote the stored one: instances never move a stream back for
    /// each other, while one instance may (the engine does, to re-read a record that was not final).
    /// </remarks>
    public ValueTask CommitAsync(StateCommit commit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(commit);
        ArgumentException.ThrowIfNullOrEmpty(commit.Stream, nameof(commit));
        return _database.WriteAsync(
            (commit, database: _database),
            static async (connection, transaction, s, ct) =>
            {
                var c = s.commit;
                if (c.FencingToken is { } token)
                {
                    await PostgreSqlStreamFencing.CheckAsync(connection, transaction, c.Stream, token, ct).ConfigureAwait(false);
                }

                await PostgreSqlDeliveryLedger.WriteAsync(connection, transaction, c.LedgerEntries, ct).ConfigureAwait(false);
                await PostgreSqlDeadLetterStore.WriteAsync(connection, transaction, c.DeadLetters, ct).ConfigureAwait(false);
                await PostgreSqlOutboxStore.WriteCompletionsAsync(connection, transaction, c.CompletedOutbox, ct).ConfigureAwait(false);
                await PostgreSqlOutboxStore.WriteAsync(connection, transaction, c.OutboxMessages, ct).ConfigureAwait(false);
                await PostgreSqlTagHistoryStore.WriteAsync(connection, transaction, c.TagVersions, ct).ConfigureAwait(false);
                if (c.Checkpoint is not null
                    && !await PostgreSqlCheckpointStore.WriteAsync(connection, transaction, c.Stream, c.Checkpoint, s.database.InstanceId, onlyForward: true, ct).ConfigureAwait(false))
                {
                    Log.CheckpointKept(s.database.Logger, c.Stream);
                }
            },
            cancellationToken);
    }

    /// <summary>Tries to take the exclusive right to run a stream among every instance sharing this store's database and schema.</summary>
    /// <param name="stream">The stream's name.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The lease, to dispose when the run ends; or <see langword="null"/> when another instance holds it (skip the run, or try
    /// again later).</returns>
    /// <example>
    /// <code>
    /// await using var lease = await store.TryAcquireStreamLeaseAsync("calls", cancellationToken);
    /// if (lease is not null)
    /// {
    ///     await calls.RunOnceAsync(cancellationToken: cancellationToken);
    /// }
    /// </code>
    /// </example>
    public async ValueTask<PostgreSqlStreamLease?> TryAcquireStreamLeaseAsync(string stream, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(stream);
        var key = AdvisoryLockKeys.StreamLease(_database.Schema, stream);
        var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var command = new Npgsql.NpgsqlCommand("SELECT pg_try_advisory_lock($1);", connection);
            bool acquired;
            await using (command.ConfigureAwait(false))
            {
                command.Parameters.AddValue(key);
                acquired = (bool)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
            }

            if (!acquired)
            {
                Log.LeaseBusy(_database.Logger, stream, _database.Schema);
                await connection.DisposeAsync().ConfigureAwait(false);
                return null;
            }

            var token = await PostgreSqlStreamFencing.RaiseAsync(connection, stream, _database.InstanceId, cancellationToken).ConfigureAwait(false);
            Log.LeaseAcquired(_database.Logger, stream, _database.Schema);
            return new PostgreSqlStreamLease(stream, token, connection, key, _leaseKeepAlive, _time, _database.Logger);
        }
        catch (Exception ex)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            if (ex is Npgsql.NpgsqlException npgsql && PostgreSqlStoreErrors.TryTranslate(npgsql, out var translated))
            {
                throw translated;
            }

            throw;
        }
    }

    /// <inheritdoc />
    /// <remarks>The lease is a <see cref="PostgreSqlStreamLease"/>, the same as <see cref="TryAcquireStreamLeaseAsync"/> returns.</remarks>
    async ValueTask<IStreamLease?> IStreamLeaseProvider.TryAcquireStreamLeaseAsync(string stream, CancellationToken cancellationToken) =>
        await TryAcquireStreamLeaseAsync(stream, cancellationToken).ConfigureAwait(false);

    /// <summary>Closes the store's connections. Later calls fail with <see cref="ObjectDisposedException"/>.</summary>
    /// <returns>A task that completes when the store is closed.</returns>
    public ValueTask DisposeAsync() => _database.DisposeAsync();

    /// <inheritdoc cref="DisposeAsync"/>
    /// <remarks>For containers disposed synchronously (<c>using var provider = services.BuildServiceProvider()</c>).</remarks>
    public void Dispose() => _database.Dispose();

    /// <summary>Describes the store without secrets: host, port, database and schema.</summary>
    /// <returns>The description.</returns>
    public override string ToString() => "PostgreSqlStateStore " + _database;

    private static PostgreSqlStateStoreOptions GetValue(IOptions<PostgreSqlStateStoreOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Value;
    }
}
