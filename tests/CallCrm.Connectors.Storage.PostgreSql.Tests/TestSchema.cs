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
    public PostgreSqlStateStore Create(IReadOnlyList<PostgreSqlMigration>? migrations = null, Action<PostgreSqlStateStoreOptions>? configure = null, TimeProvider? time = null)
    {
        var store = new PostgreSqlStateStore(Options(configure), migrations ?? PostgreSqlMigrations.All, logger: null, time);
        _stores.Add(store);
        return store;
    }

    /// <summary>Creates and initializes a store instance on the schema.</summary>
    public async Task<PostgreSqlStateStore> OpenAsync(IReadOnlyList<PostgreSqlMigration>? migrations = null, Action<PostgreSqlStateStoreOptions>? configure = null, TimeProvider? time = null)
    {
        var store = Create(migrations, configure, time);
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

    /// <summary>Ends the server session holding a stream's lease in this schema, as if its process died or lost its network (and no
    /// other session: tests running alongside hold advisory locks of their own). A 64-bit advisory key shows in pg_locks as its high
    /// and low 32 bits; pg_terminate_backend with a timeout returns once the session is gone, so its locks are released.</summary>
    /// <returns>How many sessions were ended.</returns>
    public Task<long> TerminateLeaseHolderAsync(string stream)
    {
        var key = AdvisoryLockKeys.StreamLease(Name, stream);
        return ScalarAsync<long>(string.Create(
            System.Globalization.CultureInfo.InvariantCulture,
            $"""
            SELECT COUNT(*) FILTER (WHERE pg_terminate_backend(pid, 30000)) FROM pg_locks
            WHERE locktype = 'advisory' AND granted AND objsubid = 1
              AND classid::bigint = (({key})::bigint >> 32) & 4294967295 AND objid::bigint = ({key})::bigint & 4294967295;
            """));
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
