using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CallCrm.Connectors.State;
using Npgsql;
using NodaTime;

namespace CallCrm.Connectors.Storage.PostgreSql;

/// <summary>The outbox: the identity column gives the order, (stream, key) is unique among waiting entries, and a peek claims what it
/// returns for this instance.</summary>
/// <remarks>
/// <para>Several instances draining one stream would otherwise each read the same oldest entries and deliver them twice, or deliver a
/// partition's later entry while another instance still delivers its earlier one. So <see cref="PeekAsync"/> is a write: under a
/// transaction-scoped advisory lock per stream (peeks of one stream run one at a time, briefly) it picks the due entries that no other
/// instance claims and whose partition holds no earlier entry claimed by another instance or waiting for a retry, and marks them
/// claimed by this instance until <see cref="PostgreSqlStateStoreOptions.OutboxClaimDuration"/> after <c>now</c>. Completing an entry
/// deletes it; recording a failure releases its claim. A claim of an instance that died lapses, and another instance takes the entries.</para>
/// <para>The same instance peeking again gets its claimed entries again, so one instance sees the semantics of the SQLite store.</para>
/// <para>Enqueuing ignores claims: a newer message for a key that another instance is delivering replaces the payload and raises the
/// entry's revision, and that instance's completion names the revision it delivered, so it leaves the newer message waiting.</para>
/// </remarks>
internal sealed class PostgreSqlOutboxStore : IOutboxStore
{
    // A re-enqueued key keeps its row, hence its identifier (its place), its attempts, back-off and claim, and its enqueue time; only
    // what is to be delivered is replaced, under a new revision.
    // One statement for the whole batch, rows in the given order (ORDER BY the position), so identities follow that order.
    private const string Enqueue = """
        INSERT INTO outbox (stream, key, partition_key, payload_type, payload, enqueued_at)
        SELECT stream, key, partition_key, payload_type, payload, enqueued_at
        FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bytea[], $6::bigint[])
            WITH ORDINALITY AS m (stream, key, partition_key, payload_type, payload, enqueued_at, position)
        ORDER BY position
        ON CONFLICT (stream, key) DO UPDATE SET partition_key = excluded.partition_key, payload_type = excluded.payload_type,
            payload = excluded.payload, revision = outbox.revision + 1;
        """;

    /// <summary>Claims and returns the due entries of a stream, oldest first: $1 stream, $2 now, $3 max count, $4 this instance, $5 claim end.</summary>
    private const string ClaimSql = """
        UPDATE outbox AS o SET claimed_by = $4, claimed_until = $5
        FROM (
            SELECT c.id FROM outbox AS c
            WHERE c.stream = $1
              AND (c.next_attempt_at IS NULL OR c.next_attempt_at <= $2)
              AND (c.claimed_by IS NULL OR c.claimed_by = $4 OR c.claimed_until <= $2)
              AND NOT EXISTS (
                  SELECT 1 FROM outbox AS earlier
                  WHERE earlier.stream = c.stream AND earlier.partition_key = c.partition_key AND earlier.id < c.id
                    AND (earlier.next_attempt_at > $2 OR (earlier.claimed_by <> $4 AND earlier.claimed_until > $2)))
            ORDER BY c.id
            LIMIT $3
        ) AS picked
        WHERE o.id = picked.id
        RETURNING o.id, o.key, o.partition_key, o.payload_type, o.payload, o.enqueued_at, o.attempts, o.next_attempt_at, o.last_error_code,
            o.revision;
        """;

    // Only the revision that was delivered: a message enqueued for the key since the peek stays waiting.
    private const string Complete = """
        DELETE FROM outbox AS o USING unnest($1::bigint[], $2::bigint[]) AS c (id, revision)
        WHERE o.id = c.id AND o.revision = c.revision;
        """;

    private const string Failure = """
        UPDATE outbox SET attempts = attempts + 1, last_error_code = $2, next_attempt_at = $3, claimed_by = NULL, claimed_until = NULL
        WHERE id = $1;
        """;

    private readonly PostgreSqlDatabase _database;

    public PostgreSqlOutboxStore(PostgreSqlDatabase database) => _database = database;

    public ValueTask EnqueueAsync(IReadOnlyList<OutboxMessage> messages, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        return messages.Count == 0 ? ValueTask.CompletedTask : _database.WriteAsync(messages, static (c, t, m, ct) => WriteAsync(c, t, m, ct), cancellationToken);
    }

    /// <remarks>Claims the entries it returns for this store instance (see the class remarks). An entry is not returned while an earlier
    /// entry of the same stream and partition key waits for a later attempt or is claimed by another instance.</remarks>
    public async ValueTask<IReadOnlyList<OutboxEntry>> PeekAsync(string stream, int maxCount, Instant now, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(stream);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxCount);
        var nowBound = PostgreSqlValues.ToUnixNanosecondsBound(now);
        var entries = await _database.WriteAsync(
            (stream, maxCount, now: nowBound, until: PostgreSqlValues.AddSaturating(nowBound, _database.OutboxClaimDuration), database: _database),
            static async (connection, transaction, s, ct) =>
            {
                await PostgreSqlDatabase.LockAsync(connection, transaction, AdvisoryLockKeys.OutboxClaims(s.database.Schema, s.stream), ct).ConfigureAwait(false);
                return await NpgsqlCommands.QueryAsync(
                    connection,
                    transaction,
                    ClaimSql,
                    s,
                    static (parameters, s) =>
                    {
                        parameters.AddValue(s.stream);
                        parameters.AddValue(s.now);
                        parameters.AddValue((long)s.maxCount);
                        parameters.AddValue(s.database.InstanceId);
                        parameters.AddValue(s.until);
                    },
                    reader => ReadEntry(reader, s.stream),
                    ct).ConfigureAwait(false);
            },
            cancellationToken).ConfigureAwait(false);

        // UPDATE ... RETURNING gives no order: sort by identifier, the order of first enqueue.
        entries.Sort(static (a, b) => a.Id.CompareTo(b.Id));
        return entries;
    }

    public ValueTask CompleteAsync(IReadOnlyList<OutboxCompletion> completions, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(completions);
        return completions.Count == 0
            ? ValueTask.CompletedTask
            : _database.WriteAsync(completions, static (c, t, i, ct) => WriteCompletionsAsync(c, t, i, ct), cancellationToken);
    }

    public async ValueTask<IReadOnlyDictionary<string, OutboxEntry>> GetAsync(string stream, IReadOnlyCollection<string> keys, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(stream);
        ArgumentNullException.ThrowIfNull(keys);
        var found = new Dictionary<string, OutboxEntry>(StringComparer.Ordinal);
        if (keys.Count == 0)
        {
            return found;
        }

        var rows = await _database.QueryAsync(
            """
            SELECT id, key, partition_key, payload_type, payload, enqueued_at, attempts, next_attempt_at, last_error_code, revision
            FROM outbox WHERE stream = $1 AND key = ANY($2);
            """,
            (stream, keys: keys.ToArray()),
            static (parameters, s) =>
            {
                parameters.AddValue(s.stream);
                parameters.AddValue(s.keys);
            },
            static (reader, s) => ReadEntry(reader, s.stream),
            cancellationToken).ConfigureAwait(false);
        foreach (var entry in rows)
        {
            found[entry.Message.Key] = entry;
        }

        return found;
    }

    /// <remarks>Also releases the entry's claim, so that any instance may try it again once it is due.</remarks>
    public ValueTask RecordFailureAsync(long id, string errorCode, Instant nextAttemptAt, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(errorCode);
        var nextAttempt = PostgreSqlValues.ToUnixNanoseconds(nextAttemptAt, nameof(nextAttemptAt));
        return _database.WriteAsync(
            (id, errorCode, nextAttempt),
            static async (c, t, s, ct) =>
            {
                await NpgsqlCommands.ExecuteAsync(c, t, Failure, s, static (parameters, s) =>
                {
                    parameters.AddValue(s.id);
                    parameters.AddValue(s.errorCode);
                    parameters.AddValue(s.nextAttempt);
                }, ct).ConfigureAwait(false);
            },
            cancellationToken);
    }

    public async ValueTask<OutboxStatistics> GetStatisticsAsync(string? stream = null, CancellationToken cancellationToken = default)
    {
        var rows = await _database.QueryAsync(
            "SELECT COUNT(*), MIN(enqueued_at) FROM outbox WHERE $1::text IS NULL OR stream = $1;",
            stream,
            static (parameters, stream) => parameters.AddText(stream),
            static (reader, _) => new OutboxStatistics(reader.GetInt64(0), reader.IsDBNull(1) ? null : PostgreSqlValues.FromUnixNanoseconds(reader.GetInt64(1))),
            cancellationToken).ConfigureAwait(false);
        return rows[0];
    }

    /// <summary>Enqueues messages in an open transaction, in the given order (which their identifiers follow). Of one key given twice,
    /// the first takes the place and the later one's payload is kept, as if they had been enqueued one after the other.</summary>
    internal static async Task WriteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<OutboxMessage> messages, CancellationToken cancellationToken)
    {
        if (messages.Count == 0)
        {
            return;
        }

        // One statement may not write a key twice (ON CONFLICT would fail), so a repeated key is folded into its first place here.
        var rows = new List<OutboxMessage>(messages.Count);
        var places = new Dictionary<(string Stream, string Key), int>(messages.Count);
        for (var i = 0; i < messages.Count; i++)
        {
            var message = messages[i] ?? throw new ArgumentException($"Message {i} is null.", nameof(messages));
            if (places.TryGetValue((message.Stream, message.Key), out var place))
            {
                // A re-enqueued key keeps its enqueue time, as it does when it is already waiting.
                rows[place] = message with { EnqueuedAt = rows[place].EnqueuedAt };
            }
            else
            {
                places.Add((message.Stream, message.Key), rows.Count);
                rows.Add(message);
            }
        }

        await NpgsqlCommands.ExecuteAsync(connection, transaction, Enqueue, rows, static (parameters, rows) =>
        {
            parameters.AddValue(rows.ConvertAll(static m => m.Stream).ToArray());
            parameters.AddValue(rows.ConvertAll(static m => m.Key).ToArray());
            parameters.AddValue(rows.ConvertAll(static m => m.PartitionKey).ToArray());
            parameters.AddValue(rows.ConvertAll(static m => m.PayloadType).ToArray());
            parameters.AddValue(rows.ConvertAll(static m => m.Payload.ToArray()).ToArray());
            parameters.AddValue(rows.ConvertAll(static m => PostgreSqlValues.ToUnixNanoseconds(m.EnqueuedAt, nameof(OutboxMessage.EnqueuedAt))).ToArray());
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Removes entries in an open transaction, each only while it holds the completed revision; entries that are not waiting
    /// (any more) or were replaced since are left as they are.</summary>
    internal static async Task WriteCompletionsAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<OutboxCompletion> completions, CancellationToken cancellationToken)
    {
        if (completions.Count == 0)
        {
            return;
        }

        await NpgsqlCommands.ExecuteAsync(connection, transaction, Complete, completions, static (parameters, completions) =>
        {
            parameters.AddValue(completions.Select(static c => c.Id).ToArray());
            parameters.AddValue(completions.Select(static c => c.Revision).ToArray());
        }, cancellationToken).ConfigureAwait(false);
    }

    private static OutboxEntry ReadEntry(NpgsqlDataReader reader, string stream) =>
        new(
            reader.GetInt64(0),
            reader.GetInt64(9),
            new OutboxMessage(
                stream,
                reader.GetString(1),
                reader.GetString(2),
                reader.GetString(3),
                reader.GetFieldValue<byte[]>(4),
                PostgreSqlValues.FromUnixNanoseconds(reader.GetInt64(5))),
            reader.GetInt32(6),
            reader.IsDBNull(7) ? null : PostgreSqlValues.FromUnixNanoseconds(reader.GetInt64(7)),
            reader.IsDBNull(8) ? null : reader.GetString(8));
}
