using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CallCrm.Connectors.State;
using Npgsql;

namespace CallCrm.Connectors.Storage.PostgreSql;

/// <summary>The delivery ledger, keyed (stream, key).</summary>
/// <remarks>Writes are <c>INSERT ... ON CONFLICT DO UPDATE</c>: two instances writing the same key never fail on the unique key, the
/// later commit wins whole. Rows are written in (stream, key) order, so two transactions writing overlapping keys lock them in the
/// same order and cannot deadlock.</remarks>
internal sealed class PostgreSqlDeliveryLedger : IDeliveryLedger
{
    private const string Upsert = """
        INSERT INTO ledger (stream, key, content_hash, status, target_id, updated_at) VALUES ($1, $2, $3, $4, $5, $6)
        ON CONFLICT (stream, key) DO UPDATE SET content_hash = excluded.content_hash, status = excluded.status,
            target_id = excluded.target_id, updated_at = excluded.updated_at;
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
            "SELECT key, content_hash, status, target_id, updated_at FROM ledger WHERE stream = $1 AND key = ANY($2);",
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
                PostgreSqlValues.FromUnixNanoseconds(reader.GetInt64(4))),
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
    internal static Task WriteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<LedgerEntry> entries, CancellationToken cancellationToken)
    {
        for (var i = 0; i < entries.Count; i++)
        {
            ArgumentNullException.ThrowIfNull(entries[i], nameof(entries));
        }

        // OrderBy is stable: of duplicates, the later one is still written later and wins.
        var ordered = entries.OrderBy(static e => e.Stream, StringComparer.Ordinal).ThenBy(static e => e.Key, StringComparer.Ordinal).ToList();
        return NpgsqlCommands.ExecuteForEachAsync(connection, transaction, Upsert, ordered, static (parameters, entry) =>
        {
            parameters.AddValue(entry.Stream);
            parameters.AddValue(entry.Key);
            parameters.AddValue(entry.ContentHash);
            parameters.AddValue((short)entry.Status);
            parameters.AddText(entry.TargetId);
            parameters.AddValue(PostgreSqlValues.ToUnixNanoseconds(entry.UpdatedAt, nameof(LedgerEntry.UpdatedAt)));
        }, cancellationToken);
    }
}
