namespace CallCrm.Connectors.Storage.Sqlite;

/// <summary>A write statement that the writer connection prepares once and re-binds for every row.</summary>
/// <remarks>Compared by reference: each statement is a static instance, which makes it a cheap cache key.</remarks>
/// <param name="sql">The SQL text.</param>
/// <param name="parameterNames">The names of its parameters, with their <c>$</c> prefix.</param>
internal sealed class SqlStatement(string sql, params string[] parameterNames)
{
    public string Sql { get; } = sql;

    public string[] ParameterNames { get; } = parameterNames;
}
