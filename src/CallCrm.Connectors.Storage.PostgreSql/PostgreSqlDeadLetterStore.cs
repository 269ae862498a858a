using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CallCrm.Connectors.State;
using Npgsql;
using NodaTime;

namespace CallCrm.Connectors.Storage.PostgreSql;

/// <summary>Dead letters, identified by an identity column that is never reused.</summary>
internal sealed class PostgreSqlDeadLetterStore : IDeadLetterStore
{
    private const string Columns = "id, stream, key, error_code, reason, payload_type, payload, failed_at, attempts";

    private const string Insert = """
        INSERT INTO dead_letters (stream, key, error_code, reason, payload_type, payload, failed_at, attempts)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8);
        """;

    private readonly PostgreSqlDatabase _database;

    public PostgreSqlDeadLetterStore(PostgreSqlDatabase database) => _database = database;

    public ValueTask AddAsync(IReadOnlyList<DeadLetterMessage> messages, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        return messages.Count == 0 ? ValueTask.CompletedTask : _database.WriteAsync(messages, static (c, t, m, ct) => WriteAsync(c, t, m, ct), cancellationToken);
    }

    public async ValueTask<IReadOnlyList<DeadLetterEntry>> ListAsync(DeadLetterQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(query.MaxCount, nameof(query));
        return await _database.QueryAsync(
            $"""
            SELECT {Columns} FROM dead_letters
            WHERE id > $1 AND ($2::text IS NULL OR stream = $2) AND ($3::text IS NULL OR error_code = $3)
            ORDER BY id
            LIMIT $4;
            """,
            query,
            static (parameters, q) =>
            {
                parameters.AddValue(q.AfterId ?? 0L);
                parameters.AddText(q.Stream);
                parameters.AddText(q.ErrorCode);
                parameters.AddValue((long)q.MaxCount);
            },
            static (reader, _) => ReadEntry(reader),
            cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<DeadLetterEntry?> GetAsync(long id, CancellationToken cancellationToken = default)
    {
        var rows = await _database.QueryAsync(
            $"SELECT {Columns} FROM dead_letters WHERE id = $1;",
            id,
            static (parameters, id) => parameters.AddValue(id),
            static (reader, _) => ReadEntry(reader),
            cancellationToken).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    public ValueTask<bool> UpdatePayloadAsync(long id, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default) =>
        _database.WriteAsync(
            (id, payload),
            static async (c, t, s, ct) => await NpgsqlCommands.ExecuteAsync(c, t, "UPDATE dead_letters SET payload = $2 WHERE id = $1;", s, static (parameters, s) =>
            {
                parameters.AddValue(s.id);
                parameters.AddValue(s.payload);
            }, ct).ConfigureAwait(false) > 0,
            cancellationToken);

    public ValueTask<int> RemoveAsync(IReadOnlyList<long> ids, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        return ids.Count == 0
            ? ValueTask.FromResult(0)
            : _database.WriteAsync(
                ids.ToArray(),
                static (c, t, ids, ct) => NpgsqlCommands.ExecuteAsync(c, t, "DELETE FROM dead_letters WHERE id = ANY($1);", ids, static (parameters, ids) => parameters.AddValue(ids), ct),
                cancellationToken);
    }

    public ValueTask<int> PurgeAsync(string? stream, Instant failedBefore, CancellationToken cancellationToken = default) =>
        _database.WriteAsync(
            (stream, before: PostgreSqlValues.ToUnixNanosecondsBound(failedBefore)),
            static (c, t, s, ct) => NpgsqlCommands.ExecuteAsync(c, t, "DELETE FROM dead_letters WHERE failed_at < $1 AND ($2::text IS NULL OR stream = $2);", s, static (parameters, s) =>
            {
                parameters.AddValue(s.before);
                parameters.AddText(s.stream);
            }, ct),
            cancellationToken);

    public async ValueTask<long> CountAsync(string? stream = null, CancellationToken cancellationToken = default)
    {
        var rows = await _database.QueryAsync(
            "SELECT COUNT(*) FROM dead_letters WHERE $1::text IS NULL OR stream = $1;",
            stream,
            static (parameters, stream) => parameters.AddText(stream),
            static (reader, _) => reader.GetInt64(0),
            cancellationToken).ConfigureAwait(false);
        return rows[0];
    }

    /// <summary>Adds dead letters in an open transaction.</summary>
    internal static Task WriteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<DeadLetterMessage> messages, CancellationToken cancellationToken) =>
        NpgsqlCommands.ExecuteForEachAsync(connection, transaction, Insert, messages, static (parameters, message) =>
        {
            parameters.AddValue(message.Stream);
            parameters.AddValue(message.Key);
            parameters.AddValue(message.ErrorCode);
            parameters.AddValue(message.Reason);
            parameters.AddValue(message.PayloadType);
            parameters.AddValue(message.Payload);
            parameters.AddValue(PostgreSqlValues.ToUnixNanoseconds(message.FailedAt, nameof(DeadLetterMessage.FailedAt)));
            parameters.AddValue(message.Attempts);
        }, cancellationToken);

    private static DeadLetterEntry ReadEntry(NpgsqlDataReader reader) =>
        new(
            reader.GetInt64(0),
            new DeadLetterMessage(
                reader.GetString(1),
                reader.GetString(2),
                reader.GetString(3),
                reader.GetString(4),
                reader.GetString(5),
                reader.GetFieldValue<byte[]>(6),
                PostgreSqlValues.FromUnixNanoseconds(reader.GetInt64(7)),
                reader.GetInt32(8)));
}
