using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using CallCrm.Connectors.State;
using Microsoft.Data.Sqlite;
using NodaTime;

namespace CallCrm.Connectors.Storage.Sqlite;

/// <summary>Audit-log rows keyed by their sequence, and the named values of the chain (seal, anchor).</summary>
internal sealed class SqliteAuditLogStore : IAuditLogStore
{
    private const string Columns = "sequence, recorded_at, content, previous_hash, hash";

    /// <summary>How many rows <see cref="ReadAsync"/> reads per query: a long read never holds one read transaction (and so
    /// the write-ahead log's growth) open for the whole enumeration.</summary>
    private const int ReadPageSize = 500;

    private static readonly SqlStatement Insert = new(
        "INSERT INTO audit_log (sequence, recorded_at, content, previous_hash, hash) VALUES ($sequence, $recorded_at, $content, $previous_hash, $hash);",
        "$sequence", "$recorded_at", "$content", "$previous_hash", "$hash");

    private static readonly SqlStatement DeleteBefore = new("DELETE FROM audit_log WHERE recorded_at < $recorded_before;", "$recorded_before");

    private static readonly SqlStatement SetValue = new(
        "INSERT INTO audit_values (name, value) VALUES ($name, $value) ON CONFLICT (name) DO UPDATE SET value = excluded.value;",
        "$name", "$value");

    private readonly SqliteDatabase _database;

    public SqliteAuditLogStore(SqliteDatabase database) => _database = database;

    /// <remarks>A taken sequence fails with a <see cref="Errors.ConnectorException"/> whose code is <see cref="Errors.ConnectorErrorCode.Conflict"/>.</remarks>
    public ValueTask AppendAsync(AuditLogRow row, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(row);
        var recordedAt = SqliteValues.ToUnixNanoseconds(row.RecordedAt, nameof(row));
        return _database.WriteAsync(
            (row, recordedAt),
            static (batch, s) =>
            {
                var command = batch.Command(Insert);
                var parameters = command.Parameters;
                parameters["$sequence"].Value = s.row.Sequence;
                parameters["$recorded_at"].Value = s.recordedAt;
                parameters["$content"].Value = s.row.Content;
                parameters["$previous_hash"].Value = s.row.PreviousHash;
                parameters["$hash"].Value = s.row.Hash;
                command.ExecuteNonQuery();
            },
            cancellationToken);
    }

    /// <remarks>One transaction: the rows and the value are durable together or not at all, so a seal never covers rows that were not
    /// written. A taken sequence fails the whole batch with a <see cref="Errors.ConnectorException"/> whose code is
    /// <see cref="Errors.ConnectorErrorCode.Conflict"/>.</remarks>
    public ValueTask AppendBatchAsync(IReadOnlyList<AuditLogRow> rows, string name, string value, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(value);
        var recordedAt = new long[rows.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            recordedAt[i] = SqliteValues.ToUnixNanoseconds((rows[i] ?? throw new ArgumentException($"Row {i} is null.", nameof(rows))).RecordedAt, nameof(rows));
        }

        return _database.WriteAsync(
            (rows, recordedAt, name, value),
            static (batch, s) =>
            {
                var insert = batch.Command(Insert);
                var parameters = insert.Parameters;
                for (var i = 0; i < s.rows.Count; i++)
                {
                    batch.CancellationToken.ThrowIfCancellationRequested();
                    var row = s.rows[i];
                    parameters["$sequence"].Value = row.Sequence;
                    parameters["$recorded_at"].Value = s.recordedAt[i];
                    parameters["$content"].Value = row.Content;
                    parameters["$previous_hash"].Value = row.PreviousHash;
                    parameters["$hash"].Value = row.Hash;
                    insert.ExecuteNonQuery();
                }

                var set = batch.Command(SetValue);
                set.Parameters["$name"].Value = s.name;
                set.Parameters["$value"].Value = s.value;
                set.ExecuteNonQuery();
            },
            cancellationToken);
    }

    public ValueTask<AuditLogRow?> GetLastAsync(CancellationToken cancellationToken = default) =>
        _database.ReadAsync(
            $"SELECT {Columns} FROM audit_log ORDER BY sequence DESC LIMIT 1;",
            0,
            static (_, _) => { },
            static (reader, _) => reader.Read() ? ReadRow(reader) : null,
            cancellationToken);

    public async IAsyncEnumerable<AuditLogRow> ReadAsync(long fromSequence = 0, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var next = fromSequence;
        while (true)
        {
            var page = await _database.ReadAsync(
                $"SELECT {Columns} FROM audit_log WHERE sequence >= $from ORDER BY sequence LIMIT {ReadPageSize};",
                next,
                static (parameters, from) => parameters.AddWithValue("$from", from),
                static (reader, _) =>
                {
                    var rows = new List<AuditLogRow>();
                    while (reader.Read())
                    {
                        rows.Add(ReadRow(reader));
                    }

                    return rows;
                },
                cancellationToken).ConfigureAwait(false);
            foreach (var row in page)
            {
                yield return row;
            }

            if (page.Count < ReadPageSize)
            {
                yield break;
            }

            next = page[^1].Sequence + 1;
        }
    }

    public ValueTask<int> DeleteRecordedBeforeAsync(Instant recordedBefore, CancellationToken cancellationToken = default) =>
        _database.WriteAsync(
            SqliteValues.ToUnixNanosecondsBound(recordedBefore),
            static (batch, before) =>
            {
                var command = batch.Command(DeleteBefore);
                command.Parameters["$recorded_before"].Value = before;
                return command.ExecuteNonQuery();
            },
            cancellationToken);

    public ValueTask<string?> GetValueAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return _database.ReadAsync(
            "SELECT value FROM audit_values WHERE name = $name;",
            name,
            static (parameters, name) => parameters.AddWithValue("$name", name),
            static (reader, _) => reader.Read() ? reader.GetString(0) : null,
            cancellationToken);
    }

    public ValueTask SetValueAsync(string name, string value, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(value);
        return _database.WriteAsync(
            (name, value),
            static (batch, s) =>
            {
                var command = batch.Command(SetValue);
                command.Parameters["$name"].Value = s.name;
                command.Parameters["$value"].Value = s.value;
                command.ExecuteNonQuery();
            },
            cancellationToken);
    }

    private static AuditLogRow ReadRow(SqliteDataReader reader) =>
        new(reader.GetInt64(0), SqliteValues.FromUnixNanoseconds(reader.GetInt64(1)), reader.GetString(2), reader.GetString(3), reader.GetString(4));
}
