using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;
using NpgsqlTypes;

namespace CallCrm.Connectors.Storage.PostgreSql;

/// <summary>Small helpers over Npgsql: typed positional parameters (no boxing, no type inference), and one statement run for many rows
/// in one round trip.</summary>
internal static class NpgsqlCommands
{
    public static void AddValue<T>(this NpgsqlParameterCollection parameters, T value) =>
        parameters.Add(new NpgsqlParameter<T> { TypedValue = value });

    public static void AddText(this NpgsqlParameterCollection parameters, string? value) =>
        parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = PostgreSqlValues.OrDbNull(value) });

    public static void AddBigint(this NpgsqlParameterCollection parameters, long? value) =>
        parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Bigint, Value = value is { } v ? v : DBNull.Value });

    /// <summary>Runs one statement in the transaction and returns the number of rows it affected.</summary>
    public static async Task<int> ExecuteAsync<TState>(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        string sql,
        TState state,
        Action<NpgsqlParameterCollection, TState> bind,
        CancellationToken cancellationToken)
    {
        var command = new NpgsqlCommand(sql, connection, transaction);
        await using (command.ConfigureAwait(false))
        {
            bind(command.Parameters, state);
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Runs one query in the transaction and maps every row.</summary>
    public static async Task<List<T>> QueryAsync<TState, T>(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        string sql,
        TState state,
        Action<NpgsqlParameterCollection, TState> bind,
        Func<NpgsqlDataReader, T> map,
        CancellationToken cancellationToken)
    {
        var command = new NpgsqlCommand(sql, connection, transaction);
        await using (command.ConfigureAwait(false))
        {
            bind(command.Parameters, state);
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                var rows = new List<T>();
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    rows.Add(map(reader));
                }

                return rows;
            }
        }
    }

    /// <summary>Runs the statement once per row, in order, as one batch (one round trip) in the transaction; a null row is refused.</summary>
    public static async Task ExecuteForEachAsync<T>(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        string sql,
        IReadOnlyList<T> rows,
        Action<NpgsqlParameterCollection, T> bind,
        CancellationToken cancellationToken)
        where T : class
    {
        if (rows.Count == 0)
        {
            return;
        }

        var batch = new NpgsqlBatch(connection, transaction);
        await using (batch.ConfigureAwait(false))
        {
            for (var i = 0; i < rows.Count; i++)
            {
                var command = new NpgsqlBatchCommand(sql);
                bind(command.Parameters, rows[i] ?? throw new ArgumentException($"Row {i} is null.", nameof(rows)));
                batch.BatchCommands.Add(command);
            }

            await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
