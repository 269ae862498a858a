using CallCrm.Connectors.State;

namespace CallCrm.Connectors.Storage.PostgreSql.Tests;

public class PostgreSqlDeadLetterStoreTests : DeadLetterStoreConformanceTests
{
    protected override Task<IConnectorStateStore> OpenStoreAsync(CancellationToken cancellationToken) => TestSchema.OpenForTestAsync(DisposeAfterTest);
}
