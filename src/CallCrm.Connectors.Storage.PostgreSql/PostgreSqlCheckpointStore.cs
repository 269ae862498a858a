using System;
using System.Threading;
using System.Threading.Tasks;
using CallCrm.Connectors.Checkpoints;
using CallCrm.Connectors.State;
using Npgsql;

namespace CallCrm.Connectors.Storage.PostgreSql;

/// <summary>Checkpoints in typed columns: kind, contract version, watermark (seconds, nanoseconds, tie-break id) or cursor, and the
/// instance that wrote it.</summary>
internal sealed class PostgreSqlCheckpointStore : ICheckpointStore
{
    /// <summary>The version of the stored checkpoint columns' meaning; a reader refuses a version it does not know.</summary>
    internal const int ContractVersion = 1;

    private const string WatermarkKind = "watermark";
    private const string CursorKind = "cursor";

    private const string Insert = """
        INSERT INTO checkpoints (stream, kind, contract_version, watermark_seconds, watermark_nanos, tie_break_id, cursor, written_by)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
        ON CONFLICT (stream) DO UPDATE SET kind = excluded.kind, contract_version = excluded.contract_version,
            watermark_seconds = excluded.watermark_seconds, watermark_nanos = excluded.watermark_nanos,
            tie_break_id = excluded.tie_break_id, cursor = excluded.cursor, written_by = excluded.written_by
        """;

    // The compare-and-set of commits: the row is locked by ON CONFLICT and the condition is evaluated on its latest committed version,
    // so of two instances committing at once the later watermark stays, whatever order the commits land in. The instance that wrote
    // the stored checkpoint may move it back (the engine does, to re-read a record that was not final); cursors are opaque and replace.
    private const string CommitCondition = """
         WHERE checkpoints.written_by = excluded.written_by OR checkpoints.kind <> 'watermark' OR excluded.kind <> 'watermark'
            OR (excluded.watermark_seconds, excluded.watermark_nanos, excluded.tie_break_id)
               >= (checkpoints.watermark_seconds, checkpoints.watermark_nanos, checkpoints.tie_break_id)
        """;

    private readonly PostgreSqlDatabase _database;

    public PostgreSqlCheckpointStore(PostgreSqlDatabase database) => _database = database;

    public async ValueTask<Checkpoint?> GetAsync(string stream, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(stream);
        var rows = await _database.QueryAsync(
            "SELECT kind, contract_version, watermark_seconds, watermark_nanos, tie_break_id, cursor FROM checkpoints WHERE stream = $1;",
            stream,
            static (parameters, stream) => parameters.AddValue(stream),
            static (reader, stream) =>
            {
                var contractVersion = reader.GetInt32(1);
                if (contractVersion != ContractVersion)
                {
                    throw PostgreSqlStoreErrors.UnsupportedCheckpointVersion(stream, contractVersion);
                }

                return reader.GetString(0) == WatermarkKind
                    ? new WatermarkCheckpoint(PostgreSqlValues.FromSecondsAndNanoseconds(reader.GetInt64(2), reader.GetInt32(3)), reader.GetString(4))
                    : (Checkpoint)new CursorCheckpoint(reader.GetString(5));
            },
            cancellationToken).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    /// <remarks>An operator's reset: the checkpoint is stored as given, also when it is before the stored one.</remarks>
    public ValueTask SetAsync(string stream, Checkpoint? checkpoint, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(stream);
        return _database.WriteAsync(
            (stream, checkpoint, database: _database),
            static async (c, t, s, ct) => { await WriteAsync(c, t, s.stream, s.checkpoint, s.database.InstanceId, onlyForward: false, ct).ConfigureAwait(false); },
            cancellationToken);
    }

    /// <summary>Stores a checkpoint in an open transaction; <see langword="null"/> deletes it (the stream starts from the beginning).
    /// With <c>onlyForward</c>, a watermark another instance wrote is kept when it is later than the given one. Returns
    /// <see langword="false"/> when the stored checkpoint was kept.</summary>
    internal static async Task<bool> WriteAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        string stream,
        Checkpoint? checkpoint,
        Guid writer,
        bool onlyForward,
        CancellationToken cancellationToken)
    {
        if (checkpoint is null)
        {
            await NpgsqlCommands.ExecuteAsync(connection, transaction, "DELETE FROM checkpoints WHERE stream = $1;", stream, static (p, s) => p.AddValue(s), cancellationToken)
                .ConfigureAwait(false);
            return true;
        }

        var affected = await NpgsqlCommands.ExecuteAsync(
            connection,
            transaction,
            onlyForward ? Insert + CommitCondition + ";" : Insert + ";",
            (stream, checkpoint, writer),
            static (parameters, s) =>
            {
                parameters.AddValue(s.stream);
                switch (s.checkpoint)
                {
                    case WatermarkCheckpoint watermark:
                        var (seconds, nanoseconds) = PostgreSqlValues.ToSecondsAndNanoseconds(watermark.Timestamp);
                        parameters.AddValue(WatermarkKind);
                        parameters.AddValue(ContractVersion);
                        parameters.AddBigint(seconds);
                        parameters.Add(new NpgsqlParameter<int> { TypedValue = nanoseconds });
                        parameters.AddText(watermark.TieBreakId);
                        parameters.AddText(null);
                        break;
                    case CursorCheckpoint cursor:
                        parameters.AddValue(CursorKind);
                        parameters.AddValue(ContractVersion);
                        parameters.AddBigint(null);
                        parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Integer, Value = DBNull.Value });
                        parameters.AddText(null);
                        parameters.AddText(cursor.Cursor);
                        break;
                    default:
                        // Checkpoint's constructor is private protected: only the two kinds above exist.
                        throw new ArgumentException($"Unknown checkpoint type {s.checkpoint.GetType()}.", nameof(checkpoint));
                }

                parameters.AddValue(s.writer);
            },
            cancellationToken).ConfigureAwait(false);
        return affected > 0;
    }
}
