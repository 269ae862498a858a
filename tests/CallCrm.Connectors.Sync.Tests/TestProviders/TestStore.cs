using CallCrm.Connectors.State;
using CallCrm.Connectors.Storage.Sqlite;

namespace CallCrm.Connectors.Sync.Tests.TestProviders;

/// <summary>Opens the real SQLite state store over a database file; opening the same path again is a restart.</summary>
internal static class TestStore
{
    public static async Task<IConnectorStateStore> OpenAsync(string path)
    {
        var store = new SqliteStateStore(new SqliteStateStoreOptions { DataSource = path });
        await store.InitializeAsync();
        return store;
    }
}
