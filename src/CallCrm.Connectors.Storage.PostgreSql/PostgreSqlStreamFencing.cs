using System;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using CallCrm.Connectors.Errors;
using Npgsql;

namespace CallCrm.Connectors.Storage.PostgreSql;

/// <summary>The fencing tokens of stream leases: the epoch row an acquisition raises and a fenced commit checks.</summary>
internal static class PostgreSqlStreamFencing
{
    private const string Raise = """
        INSERT INTO stream_leases (stream, epoch, holder, acquired_at)
        VALUES ($1, 1, $2, (extract(epoch FROM clock_timestamp()) * 1000000000)::bigint)
        ON CONFLICT (stream) DO UPDATE SET epoch = stream_leases.epoch + 1, holder = excluded.holder, acquired_at = excluded.acquired_at
        RETURNING epoch;
        """;

    // FOR SHARE: an acquisition's raise waits until this commit ends, and this check waits for an acquisition in progress and then
    // reads its new epoch; so a commit is stored only while its token is the current one.
    private const string Check = "SELECT epoch FROM stream_leases WHERE stream = $1 FOR SHARE;";

    /// <summary>Raises the stream's epoch, on the lease's own connection, and returns it: the new lease's fencing token.</summary>
    public static async Task<long> RaiseAsync(NpgsqlConnection connection, string stream, Guid holder, CancellationToken cancellationToken)
    {
        var command = new NpgsqlCommand(Raise, connection);
        await using (command.ConfigureAwait(false))
        {
            command.Parameters.AddValue(stream);
            command.Parameters.AddValue(holder);
            return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        }
    }

    /// <summary>Reads the stream's current epoch (outside a transaction: the keep-alive's check).</summary>
    public static async Task<long?> ReadAsync(NpgsqlConnection connection, string stream, CancellationToken cancellationToken)
    {
        var command = new NpgsqlCommand("SELECT epoch FROM stream_leases WHERE stream = $1;", connection);
        await using (command.ConfigureAwait(false))
        {
            command.Parameters.AddValue(stream);
            return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long epoch ? epoch : null;
        }
    }

    /// <summary>Refuses the transaction's commit unless <paramref name="token"/> is the stream's current epoch.</summary>
    /// <exception cref="ConnectorException"><see cref="ConnectorErrorCode.LeaseLost"/>: another instance took the stream over.</exception>
    public static async Task CheckAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string stream, long token, CancellationToken cancellationToken)
    {
        long? current;
        var command = new NpgsqlCommand(Check, connection, transaction);
        await using (command.ConfigureAwait(false))
        {
            command.Parameters.AddValue(stream);
            current = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long epoch ? epoch : null;
        }

        if (current != token)
        {
            throw LeaseLost(stream, token, current);
        }
    }

    public static ConnectorException LeaseLost(string stream, long token, long? current) =>
        new(new ConnectorError
        {
            Code = ConnectorErrorCode.LeaseLost,
            SystemName = PostgreSqlStoreErrors.SystemName,
            TechnicalDetail = string.Create(
                CultureInfo.InvariantCulture,
                $"The commit to stream '{stream}' carries fencing token {token}, but the stream's lease is now at {(current is { } c ? c.ToString(CultureInfo.InvariantCulture) : "no epoch")}: another instance took it over. Nothing of the commit was stored."),
        });
}
