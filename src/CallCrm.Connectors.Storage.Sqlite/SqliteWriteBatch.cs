using System;
using System.Collections.Generic;
using System.Threading;
using Microsoft.Data.Sqlite;

namespace CallCrm.Connectors.Storage.Sqlite;

/// <summary>One open write transaction on the writer connection, handing out its prepared commands bound to the transaction.</summary>
internal readonly struct SqliteWriteBatch
{
    private readonly Dictionary<SqlStatement, SqliteCommand> _commands;
    private readonly SqliteConnection _connection;
    private readonly SqliteTransaction _transaction;

    public SqliteWriteBatch(Dictionary<SqlStatement, SqliteCommand> commands, SqliteConnection connection, SqliteTransaction transaction, CancellationToken cancellationToken)
    {
        _commands = commands;
        _connection = connection;
        _transaction = transaction;
        CancellationToken = cancellationToken;
    }

    /// <summary>Gets the token checked between rows: cancelling rolls the whole transaction back.</summary>
    public CancellationToken CancellationToken { get; }

    /// <summary>Gets the statement's prepared command, bound to this transaction, with its parameters ready to be given values.</summary>
    public SqliteCommand Command(SqlStatement statement)
    {
        if (!_commands.TryGetValue(statement, out var command))
        {
            command = _connection.CreateCommand();
            command.CommandText = statement.Sql;
            foreach (var name in statement.ParameterNames)
            {
                command.Parameters.Add(new SqliteParameter { ParameterName = name });
            }

            _commands.Add(statement, command);
        }

        command.Transaction = _transaction;
        return command;
    }

    /// <summary>Runs a prepared statement once per row, re-binding its parameters: one transaction, one statement, many rows.</summary>
    /// <param name="statement">The statement.</param>
    /// <param name="rows">The rows; a null row is refused.</param>
    /// <param name="bind">Gives the parameters the row's values.</param>
    public void ExecuteForEach<T>(SqlStatement statement, IReadOnlyList<T> rows, Action<SqliteParameterCollection, T> bind)
        where T : class
    {
        if (rows.Count == 0)
        {
            return;
        }

        var command = Command(statement);
        for (var i = 0; i < rows.Count; i++)
        {
            CancellationToken.ThrowIfCancellationRequested();
            bind(command.Parameters, rows[i] ?? throw new ArgumentException($"Row {i} is null.", nameof(rows)));
            command.ExecuteNonQuery();
        }
    }

    /// <summary>Runs a one-off statement (not cached) in this transaction.</summary>
    public int Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.Transaction = _transaction;
        command.CommandText = sql;
        return command.ExecuteNonQuery();
    }
}
