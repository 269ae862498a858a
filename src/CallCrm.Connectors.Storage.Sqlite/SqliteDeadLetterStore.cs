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

/// <summary>Dead letters, identified by an AUTOINCREMENT identifier that is never reused.</summary>
internal sealed class SqliteDeadLetterStore : IDeadLetterStore
{
    private const string Columns = "id, stream, key, error_code, reason, payload_type, payload, failed_at, attempts";

    private static readonly SqlStatement Insert = new(
        """
        INSERT INTO dead_letters (stream, key, error_code, reason, payload_type, payload, failed_at, attempts)
        VALUES ($stream, $key, $error_code, $reason, $payload_type, $payload, $failed_at, $attempts);
        """,
        "$stream", "$key", "$error_code", "$reason", "$payload_type", "$payload", "$failed_at", "$attempts");

    private static readonly SqlStatement UpdatePayload = new("UPDATE dead_letters SET payload = $payload WHERE id = $id;", "$id", "$payload");

    private static readonly SqlStatement Remove = new("DELETE FROM dead_letters WHERE id IN (SELECT value FROM json_each($ids));", "$ids");

    private static readonly SqlStatement Purge = new(
        "DELETE FROM dead_letters WHERE failed_at < $failed_before AND ($stream IS NULL OR stream = $stream);",
        "$stream", "$failed_before");

    private readonly SqliteDatabase _database;

    public SqliteDeadLetterStore(SqliteDatabase database) => _database = database;

    public ValueTask AddAsync(IReadOnlyList<DeadLetterMessage> messages, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        return messages.Count == 0 ? ValueTask.CompletedTask : _database.WriteAsync(messages, static (batch, m) => Write(batch, m), cancellationToken);
    }

    public ValueTask<IReadOnlyList<DeadLetterEntry>> ListAsync(DeadLetterQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(query.MaxCount, nameof(query));
        return _database.ReadAsync(
            $"""
            SELECT {Columns} FROM dead_letters
            WHERE id > $after_id AND ($stream IS NULL OR stream = $stream) AND ($error_code IS NULL OR error_code = $error_code)
            ORDER BY id
            LIMIT $max_count;
            """,
            query,
            static (parameters, q) =>
            {
                parameters.AddWithValue("$after_id", q.AfterId ?? 0);
                parameters.AddWithValue("$stream", SqliteValues.OrDbNull(q.Stream));
                parameters.AddWithValue("$error_code", SqliteValues.OrDbNull(q.ErrorCode));
                parameters.AddWithValue("$max_count", q.MaxCount);
            },
            static (reader, _) =>
            {
                var entries = new List<DeadLetterEntry>();
                while (reader.Read())
                {
                    entries.Add(ReadEntry(reader));
                }

                return (IReadOnlyList<DeadLetterEntry>)entries;
            },
            cancellationToken);
    }

    public ValueTask<DeadLetterEntry?> GetAsync(long id, CancellationToken cancellationToken = default) =>
        _database.ReadAsync(
            $"SELECT {Columns} FROM dead_letters WHERE id = $id;",
            id,
            static (parameters, id) => parameters.AddWithValue("$id", id),
            static (reader, _) => reader.Read() ? ReadEntry(reader) : null,
            cancellationToken);

    public ValueTask<bool> UpdatePayloadAsync(long id, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default) =>
        _database.WriteAsync(
            (id, payload: SqliteValues.ToArray(payload)),
            static (batch, s) =>
            {
                var command = batch.Command(UpdatePayload);
                command.Parameters["$id"].Value = s.id;
                command.Parameters["$payload"].Value = s.payload;
                return command.ExecuteNonQuery() > 0;
            },
            cancellationToken);

    public ValueTask<int> RemoveAsync(IReadOnlyList<long> ids, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        return ids.Count == 0
            ? ValueTask.FromResult(0)
            : _database.WriteAsync(
                ids,
                static (batch, ids) =>
                {
                    var command = batch.Command(Remove);
                    command.Parameters["$ids"].Value = JsonSerializer.Serialize(ids, StateJsonContext.Default.IReadOnlyListInt64);
                    return command.ExecuteNonQuery();
                },
                cancellationToken);
    }

    public ValueTask<int> PurgeAsync(string? stream, Instant failedBefore, CancellationToken cancellationToken = default) =>
        _database.WriteAsync(
            (stream, failedBefore: SqliteValues.ToUnixNanosecondsBound(failedBefore)),
            static (batch, s) =>
            {
                var command = batch.Command(Purge);
                command.Parameters["$stream"].Value = SqliteValues.OrDbNull(s.stream);
                command.Parameters["$failed_before"].Value = s.failedBefore;
                return command.ExecuteNonQuery();
            },
            cancellationToken);

    public ValueTask<long> CountAsync(string? stream = null, CancellationToken cancellationToken = default) =>
        _database.ReadAsync(
            stream is null ? "SELECT COUNT(*) FROM dead_letters;" : "SELECT COUNT(*) FROM dead_letters WHERE stream = $stream;",
            stream,
            static (parameters, stream) =>
            {
                if (stream is not null)
                {
                    parameters.AddWithValue("$stream", stream);
                }
            },
            static (reader, _) => reader.Read() ? reader.GetInt64(0) : 0,
            cancellationToken);

    /// <summary>Adds dead letters in an open transaction, re-binding one prepared statement per row.</summary>
    internal static void Write(SqliteWriteBatch batch, IReadOnlyList<DeadLetterMessage> messages) =>
        batch.ExecuteForEach(Insert, messages, static (parameters, message) =>
        {
            parameters["$stream"].Value = message.Stream;
            parameters["$key"].Value = message.Key;
            parameters["$error_code"].Value = message.ErrorCode;
            parameters["$reason"].Value = message.Reason;
            parameters["$payload_type"].Value = message.PayloadType;
            parameters["$payload"].Value = SqliteValues.ToArray(message.Payload);
            parameters["$failed_at"].Value = SqliteValues.ToUnixNanoseconds(message.FailedAt, nameof(DeadLetterMessage.FailedAt));
            parameters["$attempts"].Value = message.Attempts;
        });

    private static DeadLetterEntry ReadEntry(SqliteDataReader reader) =>
        new(
            reader.GetInt64(0),
            new DeadLetterMessage(
                reader.GetString(1),
                reader.GetString(2),
                reader.GetString(3),
                reader.GetString(4),
                reader.GetString(5),
                reader.GetFieldValue<byte[]>(6),
                SqliteValues.FromUnixNanoseconds(reader.GetInt64(7)),
                reader.GetInt32(8)));
}
