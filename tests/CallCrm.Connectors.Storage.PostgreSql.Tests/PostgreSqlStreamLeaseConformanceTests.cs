using System.Threading;
using System.Threading.Tasks;
using CallCrm.Connectors.State;
using CallCrm.Connectors.Testing.StateStores;

namespace CallCrm.Connectors.Storage.PostgreSql.Tests;

public class PostgreSqlStreamLeaseConformanceTests : StreamLeaseConformanceTests
{
    protected override Task<IConnectorStateStore> OpenStoreAsync(CancellationToken cancellationToken) => TestSchema.OpenForTestAsync(DisposeAfterTest);

    protected override IStreamLeaseProvider LeasesOf(IConnectorStateStore store) => (PostgreSqlStateStore)store;
}
