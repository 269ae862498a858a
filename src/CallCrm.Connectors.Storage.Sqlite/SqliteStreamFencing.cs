using System;
using System.Globalization;
using CallCrm.Connectors.Errors;

namespace CallCrm.Connectors.Storage.Sqlite;

/// <summary>The fencing tokens of stream leases: the epoch row an acquisition raises and a fenced commit checks.</summary>
internal static class SqliteStreamFencing
{
    private static readonly SqlStatement Raise = new(
        "INSERT INTO stream_leases (stream, epoch) VALUES ($stream, 1) ON CONFLICT (stream) DO UPDATE SET epoch = epoch + 1 RETURNING epoch;",
        "$stream");

    private static readonly SqlStatement Read = new("SELECT epoch FROM stream_leases WHERE stream = $stream;", "$stream");

    /// <summary>Raises the stream's epoch and returns it: the new lease's fencing token.</summary>
    public static long RaiseEpoch(SqliteWriteBatch batch, string stream)
    {
        var command = batch.Command(Raise);
        command.Parameters["$stream"].Value = stream;
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    /// <summary>Refuses the transaction's commit unless <paramref name="token"/> is the stream's current epoch. Writes are serialized,
    /// so no acquisition can come between this check and the commit.</summary>
    /// <exception cref="ConnectorException"><see cref="ConnectorErrorCode.LeaseLost"/>: another holder took the stream over.</exception>
    public static void Check(SqliteWriteBatch batch, string stream, long token)
    {
        var command = batch.Command(Read);
        command.Parameters["$stream"].Value = stream;
        long? current = command.ExecuteScalar() is long epoch ? epoch : null;
        if (current != token)
        {
            throw new ConnectorException(new ConnectorError
            {
                Code = ConnectorErrorCode.LeaseLost,
                SystemName = SqliteStoreErrors.SystemName,
                TechnicalDetail = string.Create(
                    CultureInfo.InvariantCulture,
                    $"The commit to stream '{stream}' carries fencing token {token}, but the stream's lease is now at {(current is { } c ? c.ToString(CultureInfo.InvariantCulture) : "no epoch")}: another holder took it over. Nothing of the commit was stored."),
            });
        }
    }
}
