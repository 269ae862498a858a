using CallCrm.Connectors.Checkpoints;
using CallCrm.Connectors.Errors;
using CallCrm.Connectors.Storage.Sqlite.Schema;

namespace CallCrm.Connectors.Storage.Sqlite.Tests.Schema;

public class SchemaMigratorTests
{
    // A stand-in for the next schema version, to open files as a newer package would.
    private static readonly SqliteMigration Next = new(SqliteMigrations.All.Count + 1, "ledger note", "ALTER TABLE ledger ADD COLUMN note TEXT NULL;");

    private static readonly SqliteMigration[] AllAndNext = [.. SqliteMigrations.All, Next];

    [Test]
    public async Task InitializeAsync_NewFile_CreatesTheSchemaAtTheLatestVersion()
    {
        await using var db = new TempDatabase();

        await db.OpenAsync();

        db.Scalar<long>("SELECT MAX(version) FROM schema_version").Should().Be(SqliteMigrations.All.Count);
        db.Scalar<long>("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name IN ('checkpoints', 'ledger', 'outbox', 'dead_letters', 'tag_versions', 'audit_log', 'audit_values')")
            .Should().Be(7);
    }

    [Test]
    public async Task InitializeAsync_FileAtAnOlderVersion_MigratesItAndKeepsItsData()
    {
        await using var db = new TempDatabase();
        var old = await db.OpenAsync(SqliteMigrations.All);
        await old.CommitAsync(new State.StateCommit("calls") { LedgerEntries = [StateStoreTestData.Ledger("a")], Checkpoint = new CursorCheckpoint("9") });
        await old.DisposeAsync();

        var upgraded = await db.OpenAsync(AllAndNext);

        db.Scalar<long>("SELECT MAX(version) FROM schema_version").Should().Be(Next.Version);
        db.Scalar<string>($"SELECT description FROM schema_version WHERE version = {Next.Version}").Should().Be("ledger note");
        db.Scalar<long>("SELECT COUNT(*) FROM pragma_table_info('ledger') WHERE name = 'note'").Should().Be(1);
        (await upgraded.Ledger.GetAsync("calls", ["a"])).Should().ContainKey("a");
        (await upgraded.Checkpoints.GetAsync("calls")).Should().Be(new CursorCheckpoint("9"));
    }

    [Test]
    public async Task InitializeAsync_FileAtVersion1_AddsTheLedgerVersionColumns_AndItsEntriesCarryNoVersion()
    {
        await using var db = new TempDatabase();
        (await db.OpenAsync([SqliteMigrations.All[0]])).Dispose();
        db.Execute("INSERT INTO ledger (stream, key, content_hash, status, target_id, updated_at) VALUES ('calls', 'a', 'h1', 1, 'crm-1', 0)");

        var upgraded = await db.OpenAsync();

        var entry = (await upgraded.Ledger.GetAsync("calls", ["a"]))["a"];
        entry.ContentHash.Should().Be("h1");
        entry.RecordIsFinal.Should().BeNull("an entry written before versions were kept orders nothing");
        entry.RecordUpdatedAt.Should().BeNull();
    }

    [Test]
    public async Task InitializeAsync_FileFromANewerVersion_IsRefusedAndLeftUnchanged()
    {
        await using var db = new TempDatabase();
        var newer = await db.OpenAsync(AllAndNext);
        await newer.DisposeAsync();

        var open = async () => await db.OpenAsync(SqliteMigrations.All);

        var error = (await open.Should().ThrowAsync<ConnectorException>()).Which;
        error.Code.Should().Be(ConnectorErrorCode.InvalidConfiguration);
        error.IsTransient.Should().BeFalse();
        error.Message.Should().Contain($"schema version {Next.Version}").And.Contain($"supports up to schema version {SqliteMigrations.All.Count}");
        db.Scalar<long>("SELECT MAX(version) FROM schema_version").Should().Be(Next.Version);
    }

    [Test]
    public async Task InitializeAsync_FailingMigration_LeavesTheFileAtTheEarlierVersion()
    {
        await using var db = new TempDatabase();
        (await db.OpenAsync(SqliteMigrations.All)).Dispose();
        SqliteMigration[] broken = [.. SqliteMigrations.All, new(Next.Version, "broken", "CREATE TABLE extra (id INTEGER); SELECT * FROM no_such_table;")];

        var open = async () => await db.OpenAsync(broken);

        await open.Should().ThrowAsync<Microsoft.Data.Sqlite.SqliteException>();
        db.Scalar<long>("SELECT MAX(version) FROM schema_version").Should().Be(SqliteMigrations.All.Count);
        db.Scalar<long>("SELECT COUNT(*) FROM sqlite_master WHERE name = 'extra'").Should().Be(0);
    }

    [Test]
    public async Task InitializeAsync_FileFromBeforeOutboxRevisions_WaitingEntriesStartAtRevisionOne()
    {
        await using var db = new TempDatabase();
        var old = await db.OpenAsync([SqliteMigrations.All[0]]);
        await old.DisposeAsync();
        db.Execute("INSERT INTO outbox (stream, key, partition_key, payload_type, payload, enqueued_at) VALUES ('calls', 'a', 'p1', 't', X'01', 0);");

        var upgraded = await db.OpenAsync(SqliteMigrations.All);

        var waiting = (await upgraded.Outbox.PeekAsync("calls", 10, StateStoreTestData.T0)).Single();
        waiting.Revision.Should().Be(1);
        await upgraded.Outbox.CompleteAsync([waiting.Completion]);
        (await upgraded.Outbox.GetStatisticsAsync("calls")).Depth.Should().Be(0);
    }

    [Test]
    public async Task InitializeAsync_MigrationsOutOfOrder_AreRejected()
    {
        await using var db = new TempDatabase();

        var open = async () => await db.OpenAsync([Next]);

        await open.Should().ThrowAsync<InvalidOperationException>().WithMessage("*numbered*");
    }
}
