using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CallCrm.Connectors.State;
using Npgsql;

namespace CallCrm.Connectors.Storage.PostgreSql;

/// <summary>The delivery ledger, keyed (stream, key).</summary>
/// <remarks>Writes are one <c>INSERT ... ON CONFLICT DO UPDATE</c> per batch: two instances writing the same key never fail on the
/// unique key, the later commit wins whole. Rows are written in (stream, key) order, so two transactions writing overlapping keys lock
/// them in the same order and cannot deadlock.</remarks>
internal sealed class PostgreSqlDeliveryLedger : IDeliveryLedger
{
    // One statement for the whole batch: the rows go in as one array per column.
    private const string Upsert = """
        INSERT INTO ledger (stream, key, content_hash, status, target_id, updated_at, record_final, record_updated_at)
        SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::smallint[], $5::text[], $6::bigint[], $7::boolean[], $8::bigint[])
        ON CONFLICT (stream, key) DO UPDATE SET content_hash = excluded.content_hash, status = excluded.status,
            target_id = excluded.target_id, updated_at = excluded.updated_at,
            record_final = excluded.record_final, record_updated_at = excluded.record_updated_at;
        """;

    private readonly PostgreSqlDatabase _database;

    public PostgreSqlDeliveryLedger(PostgreSqlDatabase database) => _database = database;

    public async ValueTask<IReadOnlyDictionary<string, LedgerEntry>> GetAsync(string stream, IReadOnlyCollection<string> keys, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(stream);
        ArgumentNullException.ThrowIfNull(keys);
        var found = new Dictionary<string, LedgerEntry>(StringComparer.Ordinal);
        if (keys.Count == 0)
        {
            return found;
        }

        // One statement for any number of keys: the keys go in as one array parameter.
        var rows = await _database.QueryAsync(
            "SELECT key, content_hash, status, target_id, updated_at, record_final, record_updated_at FROM ledger WHERE stream = $1 AND key = ANY($2);",
            (stream, keys: keys.ToArray()),
            static (parameters, s) =>
            {
                parameters.AddValue(s.stream);
                parameters.AddValue(s.keys);
            },
            static (reader, s) => new LedgerEntry(
                s.stream,
                reader.GetString(0),
                reader.GetString(1),
                (DeliveryStatus)reader.GetInt16(2),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                PostgreSqlValues.FromUnixNanoseconds(reader.GetInt64(4)))
            {
                RecordIsFinal = reader.IsDBNull(5) ? null : reader.GetBoolean(5),
                RecordUpdatedAt = reader.IsDBNull(6) ? null : PostgreSqlValues.FromUnixNanoseconds(reader.GetInt64(6)),
            },
            cancellationToken).ConfigureAwait(false);
        foreach (var entry in rows)
        {
            found[entry.Key] = entry;
        }

        return found;
    }

    public ValueTask UpsertAsync(IReadOnlyList<LedgerEntry> entries, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entries);
        return entries.Count == 0 ? ValueTask.CompletedTask : _database.WriteAsync(entries, static (c, t, e, ct) => WriteAsync(c, t, e, ct), cancellationToken);
    }

    public async ValueTask<long> CountAsync(string stream, DeliveryStatus status, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(stream);
        var rows = await _database.QueryAsync(
            "SELECT COUNT(*) FROM ledger WHERE stream = $1 AND status = $2;",
            (stream, status: (short)status),
            static (parameters, s) =>
            {
                parameters.AddValue(s.stream);
                parameters.AddValue(s.status);
            },
            static (reader, _) => reader.GetInt64(0),
            cancellationToken).ConfigureAwait(false);
        return rows[0];
    }

    /// <summary>Upserts entries in an open transaction, in (stream, key) order; of one key given twice, the later entry is kept.</summary>
    internal static async Task WriteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<LedgerEntry> entries, CancellationToken cancellationToken)
    {
        if (entries.Count == 0)
        {
            return;
        }

        // One statement may not write a key twice (ON CONFLICT would fail), so the later entry of a key replaces the earlier here.
        var latest = new Dictionary<(string Stream, string Key), LedgerEntry>(entries.Count);
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i] ?? throw new ArgumentException($"Entry {i} is null.", nameof(entries));
            latest[(entry.Stream, entry.Key)] = entry;
        }

        var ordered = latest.Values.OrderBy(static e => e.Stream, StringComparer.Ordinal).ThenBy(static e => e.Key, StringComparer.Ordinal).ToArray();
        await NpgsqlCommands.ExecuteAsync(connection, transaction, Upsert, ordered, static (parameters, rows) =>
        {
            parameters.AddValue(Array.ConvertAll(rows, static e => e.Stream));
            parameters.AddValue(Array.ConvertAll(rows, static e => e.Key));
            parameters.AddValue(Array.ConvertAll(rows, static e => e.ContentHash));
            parameters.AddValue(Array.ConvertAll(rows, static e => (short)e.Status));
            parameters.AddValue(Array.ConvertAll(rows, static e => e.TargetId));
            parameters.AddValue(Array.ConvertAll(rows, static e => PostgreSqlValues.ToUnixNanoseconds(e.UpdatedAt, nameof(LedgerEntry.UpdatedAt))));
            parameters.AddValue(Array.ConvertAll(rows, static e => e.RecordIsFinal));

            // A source's change time is clamped to the nanosecond range rather than refused: an odd time must not fail the commit.
            parameters.AddValue(Array.ConvertAll(rows, static e => e.RecordUpdatedAt is { } changed ? PostgreSqlValues.ToUnixNanosecondsBound(changed) : (long?)null));
        }, cancellationToken).ConfigureAwait(false);
    }
}
