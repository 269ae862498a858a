using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using CallCrm.Connectors.State;
using Npgsql;
using NodaTime;

namespace CallCrm.Connectors.Storage.PostgreSql;

/// <summary>Audit-log rows keyed by their sequence, and the named values of the chain (seal, anchor).</summary>
/// <remarks>
/// Appends of every instance run one at a time under a transaction-scoped advisory lock on the chain, which makes the chain one
/// chain: inside the lock the store reads the last row and refuses, with <see cref="Errors.ConnectorErrorCode.Conflict"/>, a row
/// whose sequence is not after it, or that directly follows it but names another previous hash (it was computed from a stale head).
/// The writer (the security package's audit log) then reloads the head and appends after the other instance's rows. A gap in the
/// sequence is stored as given, so that verification can report it. Rows and the seal are written in the same transaction, so the
/// stored seal always covers the stored head.
/// </remarks>
internal sealed class PostgreSqlAuditLogStore : IAuditLogStore
{
    private const string Columns = "sequence, recorded_at, content, previous_hash, hash";

    /// <summary>How many rows <see cref="ReadAsync"/> reads per query, so a long read holds no snapshot open for its whole enumeration.</summary>
    private const int ReadPageSize = 500;

    private const string Insert = "INSERT INTO audit_log (sequence, recorded_at, content, previous_hash, hash) VALUES ($1, $2, $3, $4, $5);";

    private const string SetValueSql = "INSERT INTO audit_values (name, value) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET value = excluded.value;";

    private readonly PostgreSqlDatabase _database;

    public PostgreSqlAuditLogStore(PostgreSqlDatabase database) => _database = database;

    /// <remarks>A row that does not follow the stored chain fails with a <see cref="Errors.ConnectorException"/> whose code is
    /// <see cref="Errors.ConnectorErrorCode.Conflict"/>.</remarks>
    public ValueTask AppendAsync(AuditLogRow row, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(row);
        return AppendCoreAsync([row], null, null, cancellationToken);
    }

    /// <remarks>One transaction: the rows and the value are durable together or not at all, so a seal never covers rows that were not
    /// written. A row that does not follow the stored chain fails the whole batch with <see cref="Errors.ConnectorErrorCode.Conflict"/>.</remarks>
    public ValueTask AppendBatchAsync(IReadOnlyList<AuditLogRow> rows, string name, string value, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(value);
        return AppendCoreAsync(rows, name, value, cancellationToken);
    }

    public async ValueTask<AuditLogRow?> GetLastAsync(CancellationToken cancellationToken = default)
    {
        var rows = await _database.QueryAsync(
            $"SELECT {Columns} FROM audit_log ORDER BY sequence DESC LIMIT 1;",
            0,
            static (_, _) => { },
            static (reader, _) => ReadRow(reader),
            cancellationToken).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    public async IAsyncEnumerable<AuditLogRow> ReadAsync(long fromSequence = 0, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var next = fromSequence;
        while (true)
        {
            var page = await _database.QueryAsync(
                $"SELECT {Columns} FROM audit_log WHERE sequence >= $1 ORDER BY sequence LIMIT {ReadPageSize};",
                next,
                static (parameters, from) => parameters.AddValue(from),
                static (reader, _) => ReadRow(reader),
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
            PostgreSqlValues.ToUnixNanosecondsBound(recordedBefore),
            static (c, t, before, ct) => NpgsqlCommands.ExecuteAsync(c, t, "DELETE FROM audit_log WHERE recorded_at < $1;", before, static (p, b) => p.AddValue(b), ct),
            cancellationToken);

    public async ValueTask<string?> GetValueAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var rows = await _database.QueryAsync(
            "SELECT value FROM audit_values WHERE name = $1;",
            name,
            static (parameters, name) => parameters.AddValue(name),
            static (reader, _) => reader.GetString(0),
            cancellationToken).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    public ValueTask SetValueAsync(string name, string value, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(value);
        return _database.WriteAsync((name, value), static async (c, t, s, ct) => { await SetValueAsync(c, t, s.name, s.value, ct).ConfigureAwait(false); }, cancellationToken);
    }

    private ValueTask AppendCoreAsync(IReadOnlyList<AuditLogRow> rows, string? name, string? value, CancellationToken cancellationToken)
    {
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i] ?? throw new ArgumentException($"Row {i} is null.", nameof(rows));
            PostgreSqlValues.ToUnixNanoseconds(row.RecordedAt, nameof(rows));
        }

        return _database.WriteAsync(
            (rows, name, value, schema: _database.Schema),
            static async (connection, transaction, s, ct) =>
            {
                await PostgreSqlDatabase.LockAsync(connection, transaction, AdvisoryLockKeys.AuditChain(s.schema), ct).ConfigureAwait(false);
                var last = await NpgsqlCommands.QueryAsync(
                    connection,
                    transaction,
                    "SELECT sequence, hash FROM audit_log ORDER BY sequence DESC LIMIT 1;",
                    0,
                    static (_, _) => { },
                    static reader => (Sequence: reader.GetInt64(0), Hash: reader.GetString(1)),
                    ct).ConfigureAwait(false);
                (long Sequence, string Hash)? previous = last.Count == 0 ? null : last[0];
                foreach (var row in s.rows)
                {
                    if (previous is { } p)
                    {
                        if (row.Sequence <= p.Sequence)
                        {
                            throw PostgreSqlStoreErrors.AuditOutOfOrder(row.Sequence, p.Sequence);
                        }

                        if (row.Sequence == p.Sequence + 1 && !string.Equals(row.PreviousHash, p.Hash, StringComparison.Ordinal))
                        {
                            throw PostgreSqlStoreErrors.AuditChainBroken(row.Sequence);
                        }
                    }

                    previous = (row.Sequence, row.Hash);
                }

                await NpgsqlCommands.ExecuteForEachAsync(connection, transaction, Insert, s.rows, static (parameters, row) =>
                {
                    parameters.AddValue(row.Sequence);
                    parameters.AddValue(PostgreSqlValues.ToUnixNanoseconds(row.RecordedAt, nameof(row)));
                    parameters.AddValue(row.Content);
                    parameters.AddValue(row.PreviousHash);
                    parameters.AddValue(row.Hash);
                }, ct).ConfigureAwait(false);
                if (s.name is not null)
                {
                    await SetValueAsync(connection, transaction, s.name, s.value!, ct).ConfigureAwait(false);
                }
            },
            cancellationToken);
    }

    private static Task<int> SetValueAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string name, string value, CancellationToken cancellationToken) =>
        NpgsqlCommands.ExecuteAsync(connection, transaction, SetValueSql, (name, value), static (parameters, s) =>
        {
            parameters.AddValue(s.name);
            parameters.AddValue(s.value);
        }, cancellationToken);

    private static AuditLogRow ReadRow(NpgsqlDataReader reader) =>
        new(reader.GetInt64(0), PostgreSqlValues.FromUnixNanoseconds(reader.GetInt64(1)), reader.GetString(2), reader.GetString(3), reader.GetString(4));
}
