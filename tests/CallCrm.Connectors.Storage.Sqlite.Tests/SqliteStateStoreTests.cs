using CallCrm.Connectors.Checkpoints;
using CallCrm.Connectors.Errors;
using CallCrm.Connectors.State;
using Microsoft.Extensions.Options;

namespace CallCrm.Connectors.Storage.Sqlite.Tests;

public class SqliteStateStoreTests : StateStoreConformanceTests
{
    protected override Task<IConnectorStateStore> OpenStoreAsync(CancellationToken cancellationToken) => TempDatabase.OpenForTestAsync(DisposeAfterTest);

    [Test]
    public async Task DisposeAsync_ThenReopen_KeepsEverythingAndClosesTheWriteAheadLog()
    {
        await using var db = new TempDatabase();
        await using (var store = new SqliteStateStore(db.Options()))
        {
            await store.CommitAsync(new StateCommit("calls")
            {
                LedgerEntries = [StateStoreTestData.Ledger("a")],
                OutboxMessages = [StateStoreTestData.Outbox("b")],
                Checkpoint = new CursorCheckpoint("7"),
            });
            await store.AuditLog.AppendAsync(new AuditLogRow(1, StateStoreTestData.T0, "{}", "0", "1"));
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

        var write = async () => await store.Ledger.UpsertAsync([StateStoreTestData.Ledger("a")]);
        var read = async () => await store.Checkpoints.GetAsync("calls");

        await write.Should().ThrowAsync<ObjectDisposedException>();
        await read.Should().ThrowAsync<ObjectDisposedException>();
    }

    [Test]
    public async Task FirstOperation_WithoutInitializeAsync_CreatesTheSchemaInWalMode()
    {
        await using var db = new TempDatabase();
        await using var store = new SqliteStateStore(db.Options(o => o.SynchronousMode = SqliteSynchronousMode.Full));

        await store.Ledger.UpsertAsync([StateStoreTestData.Ledger("a")]);

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
                    LedgerEntries = [StateStoreTestData.Ledger(key, stream: $"stream-{w}")],
                    OutboxMessages = [StateStoreTestData.Outbox(key, stream: $"stream-{w}")],
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

        db.Scalar<long>("SELECT COUNT(*) FROM schema_version").Should().Be(Sqlite.Schema.SqliteMigrations.All.Count, "each migration ran once");
    }
}
