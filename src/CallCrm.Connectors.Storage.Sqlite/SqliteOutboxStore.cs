using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using CallCrm.Connectors.State;
using CallCrm.Connectors.Storage.Sqlite.Serialization;
using Microsoft.Data.Sqlite;
using NodaTime;

namespace CallCrm.Connectors.Storage.Sqlite;

/// <summary>The outbox: the AUTOINCREMENT identifier gives the order, (stream, key) is unique among waiting entries, and the revision
/// counts the replacements of an entry's message, so that completing an entry removes only the revision that was delivered.</summary>
internal sealed class SqliteOutboxStore : IOutboxStore
{
    // A re-enqueued key keeps its row, hence its identifier (its place), its attempts and back-off, and its enqueue time
    // (the statistics report how long the key has been waiting); only what is to be delivered is replaced, under a new revision.
    private static readonly SqlStatement Enqueue = new(
        """
        INSERT INTO outbox (stream, key, partition_key, payload_type, payload, enqueued_at)
        VALUES ($stream, $key, $partition_key, $payload_type, $payload, $enqueued_at)
        ON CONFLICT (stream, key) DO UPDATE SET partition_key = excluded.partition_key,
            payload_type = excluded.payload_type, payload = excluded.payload, revision = revision + 1;
        """,
        "$stream", "$key", "$partition_key", "$payload_type", "$payload", "$enqueued_at");

    // Only the revision that was delivered: a message enqueued for the key since the peek stays waiting.
    private static readonly SqlStatement Complete = new("DELETE FROM outbox WHERE id = $id AND revision = $revision;", "$id", "$revision");

    private static readonly SqlStatement Failure = new(
        "UPDATE outbox SET attempts = attempts + 1, last_error_code = $error_code, next_attempt_at = $next_attempt_at WHERE id = $id;",
        "$id", "$error_code", "$next_attempt_at");

    /// <summary>The due entries of a stream, oldest first, skipping those held back by an earlier backed-off entry of their partition.</summary>
    internal const string PeekSql = """
        SELECT o.id, o.key, o.partition_key, o.payload_type, o.payload, o.enqueued_at, o.attempts, o.next_attempt_at, o.last_error_code,
            o.revision
        FROM outbox AS o
        WHERE o.stream = $stream
          AND (o.next_attempt_at IS NULL OR o.next_attempt_at <= $now)
          AND NOT EXISTS (
              SELECT 1 FROM outbox AS earlier
              WHERE earlier.stream = o.stream AND earlier.partition_key = o.partition_key AND earlier.id < o.id
                AND earlier.next_attempt_at > $now)
        ORDER BY o.id
        LIMIT $max_count;
        """;

    private readonly SqliteDatabase _database;

    public SqliteOutboxStore(SqliteDatabase database) => _database = database;

    public ValueTask EnqueueAsync(IReadOnlyList<OutboxMessage> messages, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        return messages.Count == 0 ? ValueTask.CompletedTask : _database.WriteAsync(messages, static (batch, m) => Write(batch, m), cancellationToken);
    }

    /// <remarks>An entry is not returned while an earlier entry of the same stream and partition key waits for a later attempt:
    /// a partition's messages are delivered in order, so one failing message holds back the ones after it.</remarks>
    public ValueTask<IReadOnlyList<OutboxEntry>> PeekAsync(string stream, int maxCount, Instant now, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(stream);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxCount);
        return _database.ReadAsync(
            PeekSql,
            (stream, maxCount, now),
            static (parameters, s) =>
            {
                parameters.AddWithValue("$stream", s.stream);
                parameters.AddWithValue("$now", SqliteValues.ToUnixNanosecondsBound(s.now));
                parameters.AddWithValue("$max_count", s.maxCount);
            },
            static (reader, s) => (IReadOnlyList<OutboxEntry>)ReadEntries(reader, s.stream),
            cancellationToken);
    }

    public ValueTask<IReadOnlyDictionary<string, OutboxEntry>> GetAsync(string stream, IReadOnlyCollection<string> keys, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(stream);
        ArgumentNullException.ThrowIfNull(keys);
        if (keys.Count == 0)
        {
            return ValueTask.FromResult<IReadOnlyDictionary<string, OutboxEntry>>(new Dictionary<string, OutboxEntry>(StringComparer.Ordinal));
        }

        // The keys go in as one JSON array parameter, as for the ledger: no limit on their number.
        return _database.ReadAsync(
            """
            SELECT id, key, partition_key, payload_type, payload, enqueued_at, attempts, next_attempt_at, last_error_code, revision
            FROM outbox WHERE stream = $stream AND key IN (SELECT value FROM json_each($keys));
            """,
            (stream, keys),
            static (parameters, s) =>
            {
                parameters.AddWithValue("$stream", s.stream);
                parameters.AddWithValue("$keys", JsonSerializer.Serialize(s.keys, StateJsonContext.Default.IReadOnlyCollectionString));
            },
            static (reader, s) =>
            {
                var found = new Dictionary<string, OutboxEntry>(StringComparer.Ordinal);
                foreach (var entry in ReadEntries(reader, s.stream))
                {
                    found[entry.Message.Key] = entry;
                }

                return (IReadOnlyDictionary<string, OutboxEntry>)found;
            },
            cancellationToken);
    }

    public ValueTask CompleteAsync(IReadOnlyList<OutboxCompletion> completions, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(completions);
        return completions.Count == 0 ? ValueTask.CompletedTask : _database.WriteAsync(completions, static (batch, c) => WriteCompletions(batch, c), cancellationToken);
    }

    public ValueTask RecordFailureAsync(long id, string errorCode, Instant nextAttemptAt, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(errorCode);
        var nextAttempt = SqliteValues.ToUnixNanoseconds(nextAttemptAt, nameof(nextAttemptAt));
        return _database.WriteAsync(
            (id, errorCode, nextAttempt),
            static (batch, s) =>
            {
                var command = batch.Command(Failure);
                command.Parameters["$id"].Value = s.id;
                command.Parameters["$error_code"].Value = s.errorCode;
                command.Parameters["$next_attempt_at"].Value = s.nextAttempt;
                command.ExecuteNonQuery();
            },
            cancellationToken);
    }

    public ValueTask<OutboxStatistics> GetStatisticsAsync(string? stream = null, CancellationToken cancellationToken = default) =>
        _database.ReadAsync(
            stream is null
                ? "SELECT COUNT(*), MIN(enqueued_at) FROM outbox;"
                : "SELECT COUNT(*), MIN(enqueued_at) FROM outbox WHERE stream = $stream;",
            stream,
            static (parameters, stream) =>
            {
                if (stream is not null)
                {
                    parameters.AddWithValue("$stream", stream);
                }
            },
            static (reader, _) =>
            {
                reader.Read();
                return new OutboxStatistics(reader.GetInt64(0), reader.IsDBNull(1) ? null : SqliteValues.FromUnixNanoseconds(reader.GetInt64(1)));
            },
            cancellationToken);

    /// <summary>Enqueues messages in an open transaction, re-binding one prepared statement per row.</summary>
    internal static void Write(SqliteWriteBatch batch, IReadOnlyList<OutboxMessage> messages) =>
        batch.ExecuteForEach(Enqueue, messages, static (parameters, message) =>
        {
            parameters["$stream"].Value = message.Stream;
            parameters["$key"].Value = message.Key;
            parameters["$partition_key"].Value = message.PartitionKey;
            parameters["$payload_type"].Value = message.PayloadType;
            parameters["$payload"].Value = SqliteValues.ToArray(message.Payload);
            parameters["$enqueued_at"].Value = SqliteValues.ToUnixNanoseconds(message.EnqueuedAt, nameof(OutboxMessage.EnqueuedAt));
        });

    /// <summary>Removes entries in an open transaction, each only while it holds the completed revision; entries that are not waiting
    /// (any more) or were replaced since are left as they are.</summary>
    internal static void WriteCompletions(SqliteWriteBatch batch, IReadOnlyList<OutboxCompletion> completions) =>
        batch.ExecuteForEach(Complete, completions, static (parameters, completion) =>
        {
            parameters["$id"].Value = completion.Id;
            parameters["$revision"].Value = completion.Revision;
        });

    private static List<OutboxEntry> ReadEntries(SqliteDataReader reader, string stream)
    {
        var entries = new List<OutboxEntry>();
        while (reader.Read())
        {
            var message = new OutboxMessage(
                stream,
                reader.GetString(1),
                reader.GetString(2),
                reader.GetString(3),
                reader.GetFieldValue<byte[]>(4),
                SqliteValues.FromUnixNanoseconds(reader.GetInt64(5)));
            entries.Add(new OutboxEntry(
                reader.GetInt64(0),
                reader.GetInt64(9),
                message,
                reader.GetInt32(6),
                reader.IsDBNull(7) ? null : SqliteValues.FromUnixNanoseconds(reader.GetInt64(7)),
                reader.IsDBNull(8) ? null : reader.GetString(8)));
        }

        return entries;
    }
}
