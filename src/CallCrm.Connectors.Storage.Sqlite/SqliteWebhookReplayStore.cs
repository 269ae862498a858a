using System;
using System.Threading;
using System.Threading.Tasks;
using CallCrm.Connectors.Security.Webhooks;
using NodaTime;

namespace CallCrm.Connectors.Storage.Sqlite;

/// <summary>An <see cref="IWebhookReplayStore"/> kept in the SQLite state file (table <c>webhook_replays</c>), so accepted webhook
/// events stay refused as replays across restarts and between processes sharing the file.</summary>
/// <remarks>
/// <para>Registration is one upsert in one write transaction: a key is taken when it is absent or its row has expired, never
/// twice. Each registration also deletes a few expired rows (at most <see cref="PurgeBatchSize"/>), so the table holds about
/// the events of one replay window; <see cref="PurgeExpiredAsync"/> deletes all of them at once.</para>
/// <para>Thread-safe. <c>UseSqliteStateStore</c> registers it as the host's <see cref="IWebhookReplayStore"/>.</para>
/// </remarks>
public sealed class SqliteWebhookReplayStore : IWebhookReplayStore
{
    /// <summary>How many expired rows each registration deletes at most.</summary>
    public const int PurgeBatchSize = 16;

    private static readonly SqlStatement Register = new(
        """
        INSERT INTO webhook_replays (event_key, expires_at) VALUES ($key, $expires_at)
        ON CONFLICT (event_key) DO UPDATE SET expires_at = excluded.expires_at WHERE webhook_replays.expires_at <= $now;
        """,
        "$key", "$expires_at", "$now");

    private static readonly SqlStatement PurgeSome = new(
        """
        DELETE FROM webhook_replays WHERE event_key IN
            (SELECT event_key FROM webhook_replays WHERE expires_at <= $now ORDER BY expires_at LIMIT $limit);
        """,
        "$now", "$limit");

    private static readonly SqlStatement Forget = new("DELETE FROM webhook_replays WHERE event_key = $key;", "$key");

    private static readonly SqlStatement PurgeAll = new("DELETE FROM webhook_replays WHERE expires_at <= $now;", "$now");

    private readonly SqliteDatabase _database;
    private readonly TimeProvider _timeProvider;

    /// <summary>Initializes a new instance of the <see cref="SqliteWebhookReplayStore"/> class.</summary>
    /// <param name="store">The state store whose file keeps the events (its schema is created or migrated on first use).</param>
    /// <param name="timeProvider">The clock expiry is measured with.</param>
    public SqliteWebhookReplayStore(SqliteStateStore store, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _database = store.Database;
        _timeProvider = timeProvider;
    }

    /// <inheritdoc />
    public ValueTask<bool> TryRegisterAsync(string eventKey, DateTimeOffset expiresAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(eventKey);
        var now = Now();
        return _database.WriteAsync(
            (eventKey, expiresAt: Nanoseconds(expiresAt), now),
            static (batch, s) =>
            {
                var purge = batch.Command(PurgeSome);
                purge.Parameters["$now"].Value = s.now;
                purge.Parameters["$limit"].Value = PurgeBatchSize;
                purge.ExecuteNonQuery();
                var register = batch.Command(Register);
                register.Parameters["$key"].Value = s.eventKey;
                register.Parameters["$expires_at"].Value = s.expiresAt;
                register.Parameters["$now"].Value = s.now;
                return register.ExecuteNonQuery() == 1;
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask ForgetAsync(string eventKey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(eventKey);
        return _database.WriteAsync(
            eventKey,
            static (batch, key) =>
            {
                var forget = batch.Command(Forget);
                forget.Parameters["$key"].Value = key;
                forget.ExecuteNonQuery();
            },
            cancellationToken);
    }

    /// <summary>Deletes every expired event now.</summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>How many events were deleted.</returns>
    public ValueTask<int> PurgeExpiredAsync(CancellationToken cancellationToken = default) =>
        _database.WriteAsync(
            Now(),
            static (batch, now) =>
            {
                var purge = batch.Command(PurgeAll);
                purge.Parameters["$now"].Value = now;
                return purge.ExecuteNonQuery();
            },
            cancellationToken);

    private long Now() => Nanoseconds(_timeProvider.GetUtcNow());

    private static long Nanoseconds(DateTimeOffset at) => SqliteValues.ToUnixNanosecondsBound(Instant.FromDateTimeOffset(at));
}
