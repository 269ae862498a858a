using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using CallCrm.Connectors.State;
using CallCrm.Connectors.Storage.Sqlite.Schema;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CallCrm.Connectors.Storage.Sqlite;

/// <summary>The embedded default <see cref="IConnectorStateStore"/>: all of the SDK's state in one SQLite file, in WAL mode.</summary>
/// <remarks>
/// <para>The store creates the file and its schema, and migrates a file written by an earlier version of this package, on
/// <see cref="InitializeAsync"/> or on first use. A file written by a newer version is refused with a
/// <see cref="Errors.ConnectorException"/> whose code is <see cref="Errors.ConnectorErrorCode.InvalidConfiguration"/>, and left unchanged.</para>
/// <para>The store is thread-safe. Writes of one instance are queued and run one at a time (SQLite has one writer), each in one
/// <c>BEGIN IMMEDIATE</c> transaction: a batch, and every part of a <see cref="CommitAsync"/>, is stored whole or not at all.
/// Reads run beside the writer. Use one instance per file in a process; several processes can share a file, but a
/// PostgreSQL store suits several instances better.</para>
/// <para>A write whose unique key is taken (a tag version, an audit sequence) fails with
/// <see cref="Errors.ConnectorErrorCode.Conflict"/>; a file locked by another process for longer than
/// <see cref="SqliteStateStoreOptions.BusyTimeout"/> fails with the transient <see cref="Errors.ConnectorErrorCode.Timeout"/>.</para>
/// </remarks>
public sealed class SqliteStateStore : IConnectorStateStore, IDisposable
{
    private readonly SqliteDatabase _database;

    /// <summary>Initializes a new instance of the <see cref="SqliteStateStore"/> class.</summary>
    /// <param name="options">The options; validated here.</param>
    /// <param name="logger">The logger, or <see langword="null"/> for none.</param>
    /// <exception cref="OptionsValidationException">The options are not valid.</exception>
    public SqliteStateStore(SqliteStateStoreOptions options, ILogger<SqliteStateStore>? logger = null)
        : this(options, SqliteMigrations.All, logger)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="SqliteStateStore"/> class from the options pipeline.</summary>
    /// <param name="options">The options; validated here.</param>
    /// <param name="logger">The logger, or <see langword="null"/> for none.</param>
    /// <exception cref="OptionsValidationException">The options are not valid.</exception>
    public SqliteStateStore(IOptions<SqliteStateStoreOptions> options, ILogger<SqliteStateStore>? logger = null)
        : this(GetValue(options), logger)
    {
    }

    /// <summary>Initializes a new instance with a given list of migrations (tests use it to simulate other schema versions).</summary>
    internal SqliteStateStore(SqliteStateStoreOptions options, IReadOnlyList<SqliteMigration> migrations, ILogger? logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(migrations);
        SqliteStateStoreOptionsValidator.ThrowIfInvalid(options);
        _database = new SqliteDatabase(options.Clone(), migrations, logger ?? NullLogger.Instance);
        Checkpoints = new SqliteCheckpointStore(_database);
        Ledger = new SqliteDeliveryLedger(_database);
        Outbox = new SqliteOutboxStore(_database);
        DeadLetters = new SqliteDeadLetterStore(_database);
        TagHistory = new SqliteTagHistoryStore(_database);
        AuditLog = new SqliteAuditLogStore(_database);
    }

    /// <inheritdoc />
    public ICheckpointStore Checkpoints { get; }

    /// <summary>Gets the database the stores share (the webhook replay store and the stream lease provider use it too).</summary>
    internal SqliteDatabase Database => _database;

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
    /// <remarks>Calling it is optional: the first operation initializes the store too. Calling it at start surfaces a wrong path or a
    /// file from a newer version before any work is done.</remarks>
    public ValueTask InitializeAsync(CancellationToken cancellationToken = default) => _database.InitializeAsync(cancellationToken);

    /// <inheritdoc />
    /// <remarks>
    /// A commit with a <see cref="StateCommit.FencingToken"/> first checks, in its transaction, that the token is the stream's current
    /// lease epoch (<see cref="SqliteStreamLeaseProvider"/>), and otherwise stores nothing and throws
    /// <see cref="Errors.ConnectorErrorCode.LeaseLost"/>.
    /// The parts are applied in this order, in one transaction: ledger entries, dead letters, outbox completions, outbox
    /// messages, tag versions, checkpoint. Completions come before new messages so that a commit which completes a key's
    /// entry and enqueues the same key again keeps the new message. Each part is stored under its own stream.
    /// </remarks>
    public ValueTask CommitAsync(StateCommit commit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(commit);
        ArgumentException.ThrowIfNullOrEmpty(commit.Stream, nameof(commit));
        return _database.WriteAsync(
            commit,
            static (batch, c) =>
            {
                if (c.FencingToken is { } token)
                {
                    SqliteStreamFencing.Check(batch, c.Stream, token);
                }

                SqliteDeliveryLedger.Write(batch, c.LedgerEntries);
                SqliteDeadLetterStore.Write(batch, c.DeadLetters);
                SqliteOutboxStore.WriteCompletions(batch, c.CompletedOutbox);
                SqliteOutboxStore.Write(batch, c.OutboxMessages);
                SqliteTagHistoryStore.Write(batch, c.TagVersions);
                if (c.Checkpoint is not null)
                {
                    SqliteCheckpointStore.Write(batch, c.Stream, c.Checkpoint);
                }
            },
            cancellationToken);
    }

    /// <summary>Waits for the write in progress, then closes the store's connections. Later calls fail with <see cref="ObjectDisposedException"/>.</summary>
    /// <returns>A task that completes when the store is closed.</returns>
    public ValueTask DisposeAsync() => _database.DisposeAsync();

    /// <inheritdoc cref="DisposeAsync"/>
    public void Dispose() => _database.Dispose();

    private static SqliteStateStoreOptions GetValue(IOptions<SqliteStateStoreOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Value;
    }
}
