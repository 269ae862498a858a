using System.Collections.Concurrent;
using CallCrm.Connectors.State;

namespace CallCrm.Connectors.Sync.Tests.TestProviders;

/// <summary>Opens the state store over a database file; opening the same path again is a restart.</summary>
internal static class TestStore
{
    private static readonly ConcurrentDictionary<string, TestStoreDouble> Doubles = new();

    public static async Task<IConnectorStateStore> OpenAsync(string path)
    {
        var store = Doubles.GetOrAdd(path, _ => new TestStoreDouble());
        await store.InitializeAsync();
        return store;
    }
}
