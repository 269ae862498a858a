using CallCrm.Connectors.State;

namespace CallCrm.Connectors.Storage.Sqlite.Tests;

public class SqliteDeadLetterStoreTests : DeadLetterStoreConformanceTests
{
    protected override Task<IConnectorStateStore> OpenStoreAsync(CancellationToken cancellationToken) => TempDatabase.OpenForTestAsync(DisposeAfterTest);
}
