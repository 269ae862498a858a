using CallCrm.Connectors.State;
using CallCrm.Connectors.Storage.Sqlite;
using CallCrm.Connectors.Storage.Sqlite.Schema;
using Microsoft.Data.Sqlite;

namespace CallCrm.Connectors.Storage.Sqlite.Tests;

/// <summary>A real SQLite file in a fresh temporary folder, deleted with the folder when disposed.</summary>
internal sealed class TempDatabase : IAsyncDisposable
{
    private readonly List<SqliteStateStore> _stores = [];

    public TempDatabase()
    {
        Folder = Path.Combine(Path.GetTempPath(), "callcrm-sqlite-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Folder);
        FilePath = Path.Combine(Folder, "state.db");
    }

    public string Folder { get; }

    public string FilePath { get; }

    public SqliteStateStoreOptions Options(Action<SqliteStateStoreOptions>? configure = null)
    {
        var options = new SqliteStateStoreOptions { DataSource = FilePath };
        configure?.Invoke(options);
        return options;
    }

    /// <summary>Opens a store on a new database, for a conformance fixture: the database (and with it the store) is disposed when the
    /// test ends.</summary>
    public static async Task<IConnectorStateStore> OpenForTestAsync(Action<IAsyncDisposable> disposeAfterTest)
    {
        var db = new TempDatabase();
        disposeAfterTest(db);
        return await db.OpenAsync();
    }

    /// <summary>Opens a store on the file; it is disposed with this object if the test does not dispose it first.</summary>
    public async Task<SqliteStateStore> OpenAsync(IReadOnlyList<SqliteMigration>? migrations = null, Action<SqliteStateStoreOptions>? configure = null)
    {
        var store = new SqliteStateStore(Options(configure), migrations ?? SqliteMigrations.All, logger: null);
        _stores.Add(store);
        await store.InitializeAsync();
        return store;
    }

    /// <summary>Runs a scalar query on the file with a plain connection, to check what is really stored.</summary>
    public T? Scalar<T>(string sql)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = FilePath, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        var value = command.ExecuteScalar();
        return value is null or DBNull ? default : (T)Convert.ChangeType(value, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Runs a statement on the file with a plain connection, to tamper with it as another program could.</summary>
    public void Execute(string sql) => Scalar<object>(sql);

    public async ValueTask DisposeAsync()
    {
        foreach (var store in _stores)
        {
            await store.DisposeAsync();
        }

        SqliteConnection.ClearAllPools();
        Directory.Delete(Folder, recursive: true);
    }
}
