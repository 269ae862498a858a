using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using CallCrm.Connectors.State;
using CallCrm.Connectors.Storage.Sqlite.Serialization;

namespace CallCrm.Connectors.Storage.Sqlite;

/// <summary>The delivery ledger, keyed (stream, key).</summary>
internal sealed class SqliteDeliveryLedger : IDeliveryLedger
{
    private static readonly SqlStatement Upsert = new(
        """
        INSERT INTO ledger (stream, key, content_hash, status, target_id, updated_at, record_final, record_updated_at)
        VALUES ($stream, $key, $content_hash, $status, $target_id, $updated_at, $record_final, $record_updated_at)
        ON CONFLICT (stream, key) DO UPDATE SET content_hash = excluded.content_hash, status = excluded.status,
            target_id = excluded.target_id, updated_at = excluded.updated_at,
            record_final = excluded.record_final, record_updated_at = excluded.record_updated_at;
        """,
        "$stream", "$key", "$content_hash", "$status", "$target_id", "$updated_at", "$record_final", "$record_updated_at");

    private readonly SqliteDatabase _database;

    public SqliteDeliveryLedger(SqliteDatabase database) => _database = database;

    public ValueTask<IReadOnlyDictionary<string, LedgerEntry>> GetAsync(string stream, IReadOnlyCollection<string> keys, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(stream);
        ArgumentNullException.ThrowIfNull(keys);
        if (keys.Count == 0)
        {
            return ValueTask.FromResult<IReadOnlyDictionary<string, LedgerEntry>>(new Dictionary<string, LedgerEntry>(StringComparer.Ordinal));
        }

        // One statement for any number of keys: the keys go in as one JSON array parameter, so the statement text never
        // changes with the batch size and SQLite's limit on the number of parameters never applies.
        return _database.ReadAsync(
            """
            SELECT key, content_hash, status, target_id, updated_at, record_final, record_updated_at FROM ledger
            WHERE stream = $stream AND key IN (SELECT value FROM json_each($keys));
            """,
            (stream, keys),
            static (parameters, s) =>
            {
                parameters.AddWithValue("$stream", s.stream);
                parameters.AddWithValue("$keys", JsonSerializer.Serialize(s.keys, StateJsonContext.Default.IReadOnlyCollectionString));
            },
            static (reader, s) =>
            {
                var found = new Dictionary<string, LedgerEntry>(StringComparer.Ordinal);
                while (reader.Read())
                {
                    var key = reader.GetString(0);
                    found[key] = new LedgerEntry(
                        s.stream,
                        key,
                        reader.GetString(1),
                        (DeliveryStatus)reader.GetInt32(2),
                        reader.IsDBNull(3) ? null : reader.GetString(3),
                        SqliteValues.FromUnixNanoseconds(reader.GetInt64(4)))
                    {
                        RecordIsFinal = reader.IsDBNull(5) ? null : reader.GetInt64(5) != 0,
                        RecordUpdatedAt = reader.IsDBNull(6) ? null : SqliteValues.FromUnixNanoseconds(reader.GetInt64(6)),
                    };
                }

                return (IReadOnlyDictionary<string, LedgerEntry>)found;
            },
            cancellationToken);
    }

    public ValueTask UpsertAsync(IReadOnlyList<LedgerEntry> entries, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entries);
        return entries.Count == 0 ? ValueTask.CompletedTask : _database.WriteAsync(entries, static (batch, e) => Write(batch, e), cancellationToken);
    }

    public ValueTask<long> CountAsync(string stream, DeliveryStatus status, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(stream);
        return _database.ReadAsync(
            "SELECT COUNT(*) FROM ledger WHERE stream = $stream AND status = $status;",
            (stream, status),
            static (parameters, s) =>
            {
                parameters.AddWithValue("$stream", s.stream);
                parameters.AddWithValue("$status", (int)s.status);
            },
            static (reader, _) => reader.Read() ? reader.GetInt64(0) : 0,
            cancellationToken);
    }

    /// <summary>Upserts entries in an open transaction, re-binding one prepared statement per row.</summary>
    internal static void Write(SqliteWriteBatch batch, IReadOnlyList<LedgerEntry> entries) =>
        batch.ExecuteForEach(Upsert, entries, static (parameters, entry) =>
        {
            parameters["$stream"].Value = entry.Stream;
            parameters["$key"].Value = entry.Key;
            parameters["$content_hash"].Value = entry.ContentHash;
            parameters["$status"].Value = (int)entry.Status;
            parameters["$target_id"].Value = SqliteValues.OrDbNull(entry.TargetId);
            parameters["$updated_at"].Value = SqliteValues.ToUnixNanoseconds(entry.UpdatedAt, nameof(LedgerEntry.UpdatedAt));
            parameters["$record_final"].Value = SqliteValues.OrDbNull(entry.RecordIsFinal is { } final ? (final ? 1L : 0L) : null);

            // A source's change time is clamped to the nanosecond range rather than refused: an odd time must not fail the commit.
            parameters["$record_updated_at"].Value = SqliteValues.OrDbNull(entry.RecordUpdatedAt is { } changed ? SqliteValues.ToUnixNanosecondsBound(changed) : null);
        });
}
