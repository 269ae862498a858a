using CallCrm.Connectors.State;
using CallCrm.Connectors.Storage.PostgreSql.Schema;
using Npgsql;

namespace CallCrm.Connectors.Storage.PostgreSql.Tests;

/// <summary>A schema of its own for one test on the shared test server: tests never see each other's state. Stores opened here are
/// separate instances (each its own connection pool), as separate processes would be.</summary>
internal sealed class TestSchema : IAsyncDisposable
{
    private readonly List<PostgreSqlStateStore> _stores = [];

    public string Name { get; } = "t_" + Guid.NewGuid().ToString("N");

    public PostgreSqlStateStoreOptions Options(Action<PostgreSqlStateStoreOptions>? configure = null)
    {
        var options = new PostgreSqlStateStoreOptions { ConnectionString = PostgresServer.ConnectionString, Schema = Name };
        configure?.Invoke(options);
        return options;
    }

    /// <summary>Creates a store instance on the schema, not initialized; it is disposed with this object.</summary>
    public PostgreSqlStateStore Create(IReadOnlyList<PostgreSqlMigration>? migrations = null, Action<PostgreSqlStateStoreOptions>? configure = null)
    {
        var store = new PostgreSqlStateStore(Options(configure), migrations ?? PostgreSqlMigrations.All, logger: null);
        _stores.Add(store);
        return store;
    }

    /// <summary>Creates and initializes a store instance on the schema.</summary>
    public async Task<PostgreSqlStateStore> OpenAsync(IReadOnlyList<PostgreSqlMigration>? migrations = null, Action<PostgreSqlStateStoreOptions>? configure = null)
    {
        var store = Create(migrations, configure);
        await store.InitializeAsync();
        return store;
    }

    /// <summary>Opens a store on a new schema, for a conformance fixture: the schema (and with it the store) is dropped when the test
    /// ends.</summary>
    public static async Task<IConnectorStateStore> OpenForTestAsync(Action<IAsyncDisposable> disposeAfterTest)
    {
        var schema = new TestSchema();
        disposeAfterTest(schema);
        return await schema.OpenAsync();
    }

    /// <summary>Runs a scalar query in the schema with a plain connection, to check what is really stored.</summary>
    public async Task<T?> ScalarAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(PostgresServer.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SET search_path TO {Name}; {sql}", connection);
        var value = await command.ExecuteScalarAsync();
        return value is null or DBNull ? default : (T)Convert.ChangeType(value, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var store in _stores)
        {
            await store.DisposeAsync();
        }

        await using var connection = new NpgsqlConnection(PostgresServer.ConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP SCHEMA IF EXISTS {Name} CASCADE;", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
