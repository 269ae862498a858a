using System.Threading;
using System.Threading.Tasks;
using CallCrm.Connectors.Errors;
using CallCrm.Connectors.State;
using CallCrm.Connectors.Testing.StateStores;

namespace CallCrm.Connectors.Storage.Sqlite.Tests;

public class SqliteStreamLeaseTests : StreamLeaseConformanceTests
{
    protected override Task<IConnectorStateStore> OpenStoreAsync(CancellationToken cancellationToken) => TempDatabase.OpenForTestAsync(DisposeAfterTest);

    protected override IStreamLeaseProvider LeasesOf(IConnectorStateStore store) => new SqliteStreamLeaseProvider((SqliteStateStore)store);

    [Test]
    public async Task Revoke_TheHolderDoesNotNotice_ButAnotherTakesTheStream_AndTheHoldersCommitsAreRefused()
    {
        var paused = (await LeasesOf(Store).TryAcquireStreamLeaseAsync("calls"))!;
        var other = new SqliteStreamLeaseProvider((SqliteStateStore)Store);

        other.Revoke("calls").Should().BeTrue();
        await using var current = await other.TryAcquireStreamLeaseAsync("calls");
        var stale = () => Store.CommitAsync(new StateCommit("calls") { FencingToken = paused.FencingToken, LedgerEntries = [StateStoreTestData.Ledger("a")] }).AsTask();

        current.Should().NotBeNull();
        paused.LeaseLost.IsCancellationRequested.Should().BeFalse("a paused holder notices nothing");
        (await stale.Should().ThrowAsync<ConnectorException>()).Which.Error.Code.Should().Be(ConnectorErrorCode.LeaseLost);
        (await Store.Ledger.GetAsync("calls", ["a"])).Should().BeEmpty();
        await paused.DisposeAsync();
        (await other.TryAcquireStreamLeaseAsync("calls")).Should().BeNull("disposing the revoked lease does not release the new holder's");
    }
}
