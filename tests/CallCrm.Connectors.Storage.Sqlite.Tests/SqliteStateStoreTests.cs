using CallCrm.Connectors.Checkpoints;
using CallCrm.Connectors.Errors;
using CallCrm.Connectors.State;
using Microsoft.Extensions.Options;

namespace CallCrm.Connectors.Storage.Sqlite.Tests;

public class SqliteStateStoreTests
{
    [Test]
    public async Task CommitAsync_AppliesEveryPart()
    {
        await using var db = new TempDatabase();
        var store = await db.OpenAsync();
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
        await using var db = new TempDatabase();
        var store = await db.OpenAsync();
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

        (await commit.Should().ThrowAsync<ConnectorException>()).Which.Code.Should().Be(ConnectorErrorCode.Conflict);
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
        await using var db = new TempDatabase();
        var store = await db.OpenAsync();
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
        await using var db = new TempDatabase();
        var store = await db.OpenAsync();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        var commit = async () => await store.CommitAsync(new StateCommit("calls") { LedgerEntries = [TestData.Ledger("a")] }, cancelled.Token);

        await commit.Should().ThrowAsync<OperationCanceledException>();
        (await store.Ledger.GetAsync("calls", ["a"])).Should().BeEmpty();
    }

    [Test]
    public async Task DisposeAsync_ThenReopen_KeepsEverythingAndClosesTheWriteAheadLog()
    {
        await using var db = new TempDatabase();
        await using (var store = new SqliteStateStore(db.Options()))
        {
            await store.CommitAsync(new StateCommit("calls")
            {
                LedgerEntries = [TestData.Ledger("a")],
                OutboxMessages = [TestData.Outbox("b")],
                Checkpoint = new CursorCheckpoint("7"),
            });
            await store.AuditLog.AppendAsync(new AuditLogRow(1, TestData.T0, "{}", "0", "1"));
        }

        File.Exists(db.FilePath + "-wal").Should().BeFalse("closing the last connection checkpoints the write-ahead log into the file");
        await using var reopened = new SqliteStateStore(db.Options());
        (await reopened.Checkpoints.GetAsync("calls")).Should().Be(new CursorCheckpoint("7"));
        (await reopened.Ledger.GetAsync("calls", ["a"])).Should().ContainKey("a");
        (await reopened.Outbox.GetStatisticsAsync()).Depth.Should().Be(1);
        (await reopened.AuditLog.GetLastAsync())!.Sequence.Should().Be(1);
    }

    [Test]
    public async Task Operations_AfterDispose_ThrowObjectDisposedException()
    {
        await using var db = new TempDatabase();
        var store = await db.OpenAsync();
        await store.DisposeAsync();

        var write = async () => await store.Ledger.UpsertAsync([TestData.Ledger("a")]);
        var read = async () => await store.Checkpoints.GetAsync("calls");

        await write.Should().ThrowAsync<ObjectDisposedException>();
        await read.Should().ThrowAsync<ObjectDisposedException>();
    }

    [Test]
    public async Task FirstOperation_WithoutInitializeAsync_CreatesTheSchemaInWalMode()
    {
        await using var db = new TempDatabase();
        await using var store = new SqliteStateStore(db.Options(o => o.SynchronousMode = SqliteSynchronousMode.Full));

        await store.Ledger.UpsertAsync([TestData.Ledger("a")]);

        db.Scalar<string>("PRAGMA journal_mode").Should().Be("wal");
        (await store.Ledger.CountAsync("calls", DeliveryStatus.Delivered)).Should().Be(1);
    }

    [Test]
    public async Task DataSource_InAFolderThatDoesNotExist_CreatesTheFolder()
    {
        await using var db = new TempDatabase();
        var path = Path.Combine(db.Folder, "nested", "deeper", "state.db");
        await using var store = new SqliteStateStore(new SqliteStateStoreOptions { DataSource = path });

        await store.InitializeAsync();

        File.Exists(path).Should().BeTrue();
    }

    [Test]
    public void Constructor_InvalidOptions_ThrowsOptionsValidationException()
    {
        var create = () => new SqliteStateStore(new SqliteStateStoreOptions());

        create.Should().Throw<OptionsValidationException>().WithMessage("*DataSource*");
    }

    [Test]
    public async Task ParallelWriters_OnOneInstanceAndASecondInstance_AllCommitsAreStored()
    {
        await using var db = new TempDatabase();
        var first = await db.OpenAsync();
        var second = await db.OpenAsync(configure: o => o.BusyTimeout = TimeSpan.FromMinutes(1));
        const int Writers = 8;
        const int CommitsPerWriter = 100;

        var writers = Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
        {
            var store = w % 2 == 0 ? first : second;
            for (var c = 0; c < CommitsPerWriter; c++)
            {
                var key = $"{w}-{c}";
                await store.CommitAsync(new StateCommit($"stream-{w}")
                {
                    LedgerEntries = [TestData.Ledger(key, stream: $"stream-{w}")],
                    OutboxMessages = [TestData.Outbox(key, stream: $"stream-{w}")],
                    Checkpoint = new CursorCheckpoint(c.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                });
                _ = await store.Outbox.GetStatisticsAsync($"stream-{w}");
            }
        }));
        await Task.WhenAll(writers);

        for (var w = 0; w < Writers; w++)
        {
            (await first.Ledger.CountAsync($"stream-{w}", DeliveryStatus.Delivered)).Should().Be(CommitsPerWriter);
            (await second.Outbox.GetStatisticsAsync($"stream-{w}")).Depth.Should().Be(CommitsPerWriter);
            (await first.Checkpoints.GetAsync($"stream-{w}")).Should().Be(new CursorCheckpoint($"{CommitsPerWriter - 1}"));
        }

        db.Scalar<string>("PRAGMA integrity_check").Should().Be("ok");
    }

    [Test]
    public async Task InitializeAsync_FromSeveralInstancesAtOnce_CreatesTheSchemaOnce()
    {
        await using var db = new TempDatabase();
        var stores = Enumerable.Range(0, 4).Select(_ => new SqliteStateStore(db.Options())).ToArray();
        try
        {
            await Task.WhenAll(stores.Select(s => Task.Run(async () => await s.InitializeAsync())));
            await Task.WhenAll(stores.Select(s => s.InitializeAsync().AsTask()));
        }
        finally
        {
            foreach (var store in stores)
            {
                await store.DisposeAsync();
            }
        }

        db.Scalar<long>("SELECT COUNT(*) FROM schema_version").Should().Be(1);
    }
}
