using CallCrm.Connectors.Checkpoints;
using CallCrm.Connectors.Errors;
using CallCrm.Connectors.State;

namespace CallCrm.Connectors.Storage.PostgreSql.Tests;

public class PostgreSqlStateStoreTests
{
    [Test]
    public async Task CommitAsync_AppliesEveryPart()
    {
        await using var schema = new TestSchema();
        var store = await schema.OpenAsync();
        await store.Outbox.EnqueueAsync([TestData.Outbox("old")]);
        var old = (await store.Outbox.PeekAsync("calls", 1, TestData.T0)).Single();

        await store.CommitAsync(new StateCommit("calls")
        {
            LedgerEntries = [TestData.Ledger("a"), TestData.Ledger("b")],
            DeadLetters = [TestData.DeadLetter("c")],
            OutboxMessages = [TestData.Outbox("d")],
            CompletedOutboxIds = [old.Id],
            TagVersions = [TestData.Tags("cust-1", 1)],
            Checkpoint = new CursorCheckpoint("1042"),
        });

        (await store.Ledger.GetAsync("calls", ["a", "b"])).Should().HaveCount(2);
        (await store.DeadLetters.CountAsync("calls")).Should().Be(1);
        (await store.Outbox.PeekAsync("calls", 10, TestData.T0)).Select(e => e.Message.Key).Should().Equal("d");
        (await store.TagHistory.GetLatestAsync("genesys", "cust-1")).Should().NotBeNull();
        (await store.Checkpoints.GetAsync("calls")).Should().Be(new CursorCheckpoint("1042"));
    }

    [Test]
    public async Task CommitAsync_FailingMidway_LeavesNothingOfItStored()
    {
        await using var schema = new TestSchema();
        var store = await schema.OpenAsync();
        await store.TagHistory.AppendAsync(TestData.Tags("cust-1", 1));
        await store.Checkpoints.SetAsync("calls", new CursorCheckpoint("1"));
        await store.Outbox.EnqueueAsync([TestData.Outbox("waiting")]);
        var waiting = (await store.Outbox.PeekAsync("calls", 1, TestData.T0)).Single();

        // The tag versions come after every other part but the checkpoint; version 1 is taken, so the commit fails there.
        var commit = async () => await store.CommitAsync(new StateCommit("calls")
        {
            LedgerEntries = [TestData.Ledger("a")],
            DeadLetters = [TestData.DeadLetter("b")],
            OutboxMessages = [TestData.Outbox("c")],
            CompletedOutboxIds = [waiting.Id],
            TagVersions = [TestData.Tags("cust-2", 1), TestData.Tags("cust-1", 1)],
            Checkpoint = new CursorCheckpoint("2"),
        });

        var thrown = await commit.Should().ThrowAsync<ConnectorException>();
        thrown.Which.Code.Should().Be(ConnectorErrorCode.Conflict);
        thrown.Which.Error.IsTransient.Should().BeFalse();
        (await store.Ledger.GetAsync("calls", ["a"])).Should().BeEmpty();
        (await store.DeadLetters.CountAsync()).Should().Be(0);
        (await store.Outbox.PeekAsync("calls", 10, TestData.T0)).Select(e => e.Id).Should().Equal(waiting.Id);
        (await store.TagHistory.GetLatestAsync("genesys", "cust-2")).Should().BeNull();
        (await store.Checkpoints.GetAsync("calls")).Should().Be(new CursorCheckpoint("1"));

        // The store stays usable after the rolled-back commit.
        await store.CommitAsync(new StateCommit("calls") { LedgerEntries = [TestData.Ledger("a")], Checkpoint = new CursorCheckpoint("2") });
        (await store.Checkpoints.GetAsync("calls")).Should().Be(new CursorCheckpoint("2"));
    }

    [Test]
    public async Task CommitAsync_CompletingAndReenqueuingTheSameKey_KeepsTheNewMessage()
    {
        await using var schema = new TestSchema();
        var store = await schema.OpenAsync();
        await store.Outbox.EnqueueAsync([TestData.Outbox("a", payload: [1])]);
        var sent = (await store.Outbox.PeekAsync("calls", 1, TestData.T0)).Single();

        await store.CommitAsync(new StateCommit("calls") { CompletedOutboxIds = [sent.Id], OutboxMessages = [TestData.Outbox("a", payload: [2])] });

        var waiting = (await store.Outbox.PeekAsync("calls", 10, TestData.T0)).Single();
        waiting.Id.Should().NotBe(sent.Id);
        waiting.Message.Payload.ToArray().Should().Equal(2);
    }

    [Test]
    public async Task CommitAsync_CancelledBeforeItRuns_StoresNothing()
    {
        await using var schema = new TestSchema();
        var store = await schema.OpenAsync();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        var commit = async () => await store.CommitAsync(new StateCommit("calls") { LedgerEntries = [TestData.Ledger("a")] }, cancelled.Token);

        await commit.Should().ThrowAsync<OperationCanceledException>();
        (await store.Ledger.GetAsync("calls", ["a"])).Should().BeEmpty();
    }

    [Test]
    public async Task DisposeAsync_ThenAnotherInstance_SeesEverything_AndTheDisposedOneRefusesWork()
    {
        await using var schema = new TestSchema();
        var store = await schema.OpenAsync();
        await store.CommitAsync(new StateCommit("calls")
        {
            LedgerEntries = [TestData.Ledger("a")],
            OutboxMessages = [TestData.Outbox("b")],
            Checkpoint = new CursorCheckpoint("7"),
        });
        await store.AuditLog.AppendAsync(new AuditLogRow(1, TestData.T0, "{}", "0", "1"));
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
