using System;
using System.Threading;
using System.Threading.Tasks;
using CallCrm.Connectors.Checkpoints;
using CallCrm.Connectors.State;

namespace CallCrm.Connectors.Storage.Sqlite;

/// <summary>Checkpoints in typed columns: kind, contract version, watermark timestamp and tie-break id, or cursor.</summary>
internal sealed class SqliteCheckpointStore : ICheckpointStore
{
    /// <summary>The version of the stored checkpoint columns' meaning; a reader refuses a version it does not know.</summary>
    internal const int ContractVersion = 1;

    private const string WatermarkKind = "watermark";
    private const string CursorKind = "cursor";

    private static readonly SqlStatement Upsert = new(
        """
        INSERT INTO checkpoints (stream, kind, contract_version, watermark_at, tie_break_id, cursor)
        VALUES ($stream, $kind, $contract_version, $watermark_at, $tie_break_id, $cursor)
        ON CONFLICT (stream) DO UPDATE SET kind = excluded.kind, contract_version = excluded.contract_version,
            watermark_at = excluded.watermark_at, tie_break_id = excluded.tie_break_id, cursor = excluded.cursor;
        """,
        "$stream", "$kind", "$contract_version", "$watermark_at", "$tie_break_id", "$cursor");

    private static readonly SqlStatement Delete = new("DELETE FROM checkpoints WHERE stream = $stream;", "$stream");

    private readonly SqliteDatabase _database;

    public SqliteCheckpointStore(SqliteDatabase database) => _database = database;

    public ValueTask<Checkpoint?> GetAsync(string stream, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(stream);
        return _database.ReadAsync(
            "SELECT kind, contract_version, watermark_at, tie_break_id, cursor FROM checkpoints WHERE stream = $stream;",
            stream,
            static (parameters, stream) => parameters.AddWithValue("$stream", stream),
            static (reader, stream) =>
            {
                if (!reader.Read())
                {
                    return null;
                }

                var contractVersion = reader.GetInt64(1);
                if (contractVersion != ContractVersion)
                {
                    throw SqliteStoreErrors.UnsupportedCheckpointVersion(stream, contractVersion);
                }

                return reader.GetString(0) == WatermarkKind
                    ? new WatermarkCheckpoint(SqliteValues.FromIsoText(reader.GetString(2)), reader.GetString(3))
                    : (Checkpoint)new CursorCheckpoint(reader.GetString(4));
            },
            cancellationToken);
    }

    public ValueTask SetAsync(string stream, Checkpoint? checkpoint, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(stream);
        return _database.WriteAsync((stream, checkpoint), static (batch, s) => Write(batch, s.stream, s.checkpoint), cancellationToken);
    }

    /// <summary>Stores a checkpoint in an open transaction; <see langword="null"/> deletes it (the stream starts from the beginning).</summary>
    internal static void Write(SqliteWriteBatch batch, string stream, Checkpoint? checkpoint)
    {
        if (checkpoint is null)
        {
            var delete = batch.Command(Delete);
            delete.Parameters["$stream"].Value = stream;
            delete.ExecuteNonQuery();
            return;
        }

        var command = batch.Command(Upsert);
        var parameters = command.Parameters;
        parameters["$stream"].Value = stream;
        parameters["$contract_version"].Value = ContractVersion;
        switch (checkpoint)
        {
            case WatermarkCheckpoint watermark:
                parameters["$kind"].Value = WatermarkKind;
                parameters["$watermark_at"].Value = SqliteValues.ToIsoText(watermark.Timestamp);
                parameters["$tie_break_id"].Value = watermark.TieBreakId;
                parameters["$cursor"].Value = DBNull.Value;
                break;
            case CursorCheckpoint cursor:
                parameters["$kind"].Value = CursorKind;
                parameters["$watermark_at"].Value = DBNull.Value;
                parameters["$tie_break_id"].Value = DBNull.Value;
                parameters["$cursor"].Value = cursor.Cursor;
                break;
            default:
                // Checkpoint's constructor is private protected: only the two kinds above exist.
                throw new ArgumentException($"Unknown checkpoint type {checkpoint.GetType()}.", nameof(checkpoint));
        }

        command.ExecuteNonQuery();
    }
}
