using System;
using System.Threading;
using System.Threading.Tasks;
using CallCrm.Connectors.Security.Webhooks;
using NodaTime;

namespace CallCrm.Connectors.Storage.PostgreSql;

/// <summary>An <see cref="IWebhookReplayStore"/> kept in the PostgreSQL state store (table <c>webhook_replays</c>): one store
/// for every instance behind a load balancer, so an event accepted by one is refused as a replay by all.</summary>
/// <remarks>
/// <para>Registration is one <c>INSERT … ON CONFLICT DO UPDATE … WHERE</c>: of two instances registering the same key at once,
/// PostgreSQL lets exactly one take it (the second sees the first's committed row); an expired row is taken over. Each
/// registration also deletes a few expired rows (at most <see cref="PurgeBatchSize"/>, skipping rows locked by others), so the
/// table holds about the events of one replay window; <see cref="PurgeExpiredAsync"/> deletes all of them at once.</para>
/// <para>Thread-safe. <c>UsePostgreSqlStateStore</c> registers it as the host's <see cref="IWebhookReplayStore"/>.</para>
/// </remarks>
public sealed class PostgreSqlWebhookReplayStore : IWebhookReplayStore
{
    /// <summary>How many expired rows each registration deletes at most.</summary>
    public const int PurgeBatchSize = 16;

    private const string Register = """
        INSERT INTO webhook_replays (event_key, expires_at) VALUES ($1, $2)
        ON CONFLICT (event_key) DO UPDATE SET expires_at = excluded.expires_at WHERE webhook_replays.expires_at <= $3
        """;

    private const string PurgeSome = """
        DELETE FROM webhook_replays WHERE event_key IN
            (SELECT event_key FROM webhook_replays WHERE expires_at <= $1 ORDER BY expires_at LIMIT $2 FOR UPDATE SKIP LOCKED)
        """;

    private const string Forget = "DELETE FROM webhook_replays WHERE event_key = $1";

    private const string PurgeAll = "DELETE FROM webhook_replays WHERE expires_at <= $1";

    private readonly PostgreSqlDatabase _database;
    private readonly TimeProvider _timeProvider;

    /// <summary>Initializes a new instance of the <see cref="PostgreSqlWebhookReplayStore"/> class.</summary>
    /// <param name="store">The state store whose database keeps the events (its schema is created or migrated on first use).</param>
    /// <param name="timeProvider">The clock expiry is measured with.</param>
    public PostgreSqlWebhookReplayStore(PostgreSqlStateStore store, TimeProvider timeProvider)
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
        return _database.WriteAsync(
            (eventKey, expiresAt: Nanoseconds(expiresAt), now: Now()),
            static async (connection, transaction, s, ct) =>
            {
                await NpgsqlCommands.ExecuteAsync(connection, transaction, PurgeSome, s.now, static (p, now) =>
                {
                    p.AddValue(now);
                    p.AddValue(PurgeBatchSize);
                }, ct).ConfigureAwait(false);
                return await NpgsqlCommands.ExecuteAsync(connection, transaction, Register, s, static (p, s) =>
                {
                    p.AddValue(s.eventKey);
                    p.AddValue(s.expiresAt);
                    p.AddValue(s.now);
                }, ct).ConfigureAwait(false) == 1;
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask ForgetAsync(string eventKey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(eventKey);
        return _database.WriteAsync(
            eventKey,
            static async (connection, transaction, key, ct) =>
            {
                await NpgsqlCommands.ExecuteAsync(connection, transaction, Forget, key, static (p, key) => p.AddValue(key), ct).ConfigureAwait(false);
            },
            cancellationToken);
    }

    /// <summary>Deletes every expired event now.</summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>How many events were deleted.</returns>
    public ValueTask<int> PurgeExpiredAsync(CancellationToken cancellationToken = default) =>
        _database.WriteAsync(
            Now(),
            static (connection, transaction, now, ct) => NpgsqlCommands.ExecuteAsync(connection, transaction, PurgeAll, now, static (p, now) => p.AddValue(now), ct),
            cancellationToken);

    private long Now() => Nanoseconds(_timeProvider.GetUtcNow());

    private static long Nanoseconds(DateTimeOffset at) => PostgreSqlValues.ToUnixNanosecondsBound(Instant.FromDateTimeOffset(at));
}
