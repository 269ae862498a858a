using CallCrm.Connectors.Checkpoints;
using CallCrm.Connectors.Errors;
using CallCrm.Connectors.State;

namespace CallCrm.Connectors.Storage.PostgreSql.Tests;

public class PostgreSqlStateStoreTests : StateStoreConformanceTests
{
    protected override Task<IConnectorStateStore> OpenStoreAsync(CancellationToken cancellationToken) => TestSchema.OpenForTestAsync(DisposeAfterTest);

    [Test]
    public async Task DisposeAsync_ThenAnotherInstance_SeesEverything_AndTheDisposedOneRefusesWork()
    {
        await using var schema = new TestSchema();
        var store = await schema.OpenAsync();
        await store.CommitAsync(new StateCommit("calls")
        {
            LedgerEntries = [StateStoreTestData.Ledger("a")],
            OutboxMessages = [StateStoreTestData.Outbox("b")],
            Checkpoint = new CursorCheckpoint("7"),
        });
        await store.AuditLog.AppendAsync(new AuditLogRow(1, StateStoreTestData.T0, "{}", "0", "1"));
        await store.DisposeAsync();

        var reopened = await schema.OpenAsync();
        (await reopened.Checkpoints.GetAsync("calls")).Should().Be(new CursorCheckpoint("7"));
        (await reopened.Ledger.GetAsync("calls", ["a"])).Should().ContainKey("a");
        (await reopened.Outbox.GetStatisticsAsync()).Depth.Should().Be(1);
        (await reopened.AuditLog.GetLastAsync())!.Sequence.Should().Be(1);
        var useDisposed = async () => await store.Ledger.CountAsync("calls", DeliveryStatus.Delivered);
        await useDisposed.Should().ThrowAsync<ObjectDisposedException>();
    }

    [Test]
    public async Task Operations_ServerUnreachable_FailWithTransientUnreachable()
    {
        await using var schema = new TestSchema();

        // Port 1 on the loopback refuses connections at once.
        var store = schema.Create(configure: o => o.ConnectionString = "Host=127.0.0.1;Port=1;Username=postgres;Password=s3cret-pw;Timeout=2");

        var initialize = async () => await store.InitializeAsync();

        var thrown = await initialize.Should().ThrowAsync<ConnectorException>();
        thrown.Which.Code.Should().Be(ConnectorErrorCode.Unreachable);
        thrown.Which.Error.IsTransient.Should().BeTrue();
        thrown.Which.Error.TechnicalDetail.Should().NotContain("s3cret-pw");
    }

    [Test]
    public async Task ToString_NamesServerAndSchema_NeverThePassword()
    {
        await using var schema = new TestSchema();
        var options = schema.Options(o => o.ConnectionString += ";Password=s3cret-pw");
        await using var store = new PostgreSqlStateStore(options);

        store.ToString().Should().Contain("127.0.0.1").And.Contain(schema.Name).And.NotContain("s3cret-pw");
        options.ToString().Should().Contain("127.0.0.1").And.Contain(schema.Name).And.NotContain("s3cret-pw");
    }
}
