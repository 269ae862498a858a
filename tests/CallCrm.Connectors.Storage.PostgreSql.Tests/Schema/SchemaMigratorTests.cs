using CallCrm.Connectors.Errors;
using CallCrm.Connectors.State;
using CallCrm.Connectors.Storage.PostgreSql.Schema;

namespace CallCrm.Connectors.Storage.PostgreSql.Tests.Schema;

public class SchemaMigratorTests
{
    // The version a stand-in for the next schema takes, to open a schema as a newer package would.
    private static readonly int NextVersion = PostgreSqlMigrations.All.Count + 1;

    [Test]
    public async Task InitializeAsync_SchemaAtVersion1_AddsTheLedgerVersionColumns_AndItsEntriesCarryNoVersion()
    {
        await using var schema = new TestSchema();
        await schema.OpenAsync([PostgreSqlMigrations.All[0]]);
        await schema.ScalarAsync<int>("INSERT INTO ledger (stream, key, content_hash, status, target_id, updated_at) VALUES ('calls', 'a', 'h1', 1, 'crm-1', 0);");

        var upgraded = await schema.OpenAsync();

        var entry = (await upgraded.Ledger.GetAsync("calls", ["a"]))["a"];
        entry.ContentHash.Should().Be("h1");
        entry.RecordIsFinal.Should().BeNull("an entry written before versions were kept orders nothing");
        entry.RecordUpdatedAt.Should().BeNull();
    }

    [Test]
    public async Task InitializeAsync_EmptyDatabase_CreatesTheSchemaItsTablesAndTheVersionRow()
    {
        await using var schema = new TestSchema();

        await schema.OpenAsync();

        (await schema.ScalarAsync<int>("SELECT MAX(version) FROM schema_version;")).Should().Be(PostgreSqlMigrations.All.Count);
        (await schema.ScalarAsync<long>("SELECT COUNT(*) FROM schema_version;")).Should().Be(PostgreSqlMigrations.All.Count);
        (await schema.ScalarAsync<long>($"SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = '{schema.Name}';"))
            .Should().Be(10, "schema_version, checkpoints, ledger, outbox, dead_letters, tag_versions, audit_log, audit_values, stream_leases, webhook_replays");
    }

    [Test]
    public async Task InitializeAsync_RunAgainAndByAnotherInstance_ChangesNothing_AndKeepsTheData()
    {
        await using var schema = new TestSchema();
        var store = await schema.OpenAsync();
        await store.Ledger.UpsertAsync([StateStoreTestData.Ledger("a")]);

        await store.InitializeAsync();
        var other = await schema.OpenAsync();

        (await schema.ScalarAsync<long>("SELECT COUNT(*) FROM schema_version;")).Should().Be(PostgreSqlMigrations.All.Count);
        (await other.Ledger.GetAsync("calls", ["a"])).Should().ContainKey("a");
    }

    [Test]
    public async Task InitializeAsync_SchemaOfAnOlderVersion_AppliesOnlyTheNewMigrations()
    {
        await using var schema = new TestSchema();
        await schema.OpenAsync();
        await schema.ScalarAsync<int>("INSERT INTO ledger VALUES ('calls', 'kept', 'h', 1, NULL, 0);");
        var next = new PostgreSqlMigration(NextVersion, "test: ledger notes", "ALTER TABLE ledger ADD COLUMN note text NULL;");

        await schema.OpenAsync([.. PostgreSqlMigrations.All, next]);

        (await schema.ScalarAsync<int>("SELECT MAX(version) FROM schema_version;")).Should().Be(NextVersion);
        (await schema.ScalarAsync<string>($"SELECT description FROM schema_version WHERE version = {NextVersion};")).Should().Be("test: ledger notes");
        (await schema.ScalarAsync<long>("SELECT COUNT(*) FROM ledger WHERE note IS NULL;")).Should().Be(1);
    }

    [Test]
    public async Task InitializeAsync_SchemaFromBeforeOutboxRevisions_WaitingEntriesStartAtRevisionOne()
    {
        await using var schema = new TestSchema();
        await schema.OpenAsync([PostgreSqlMigrations.All[0]]);
        await schema.ScalarAsync<int>("INSERT INTO outbox (stream, key, partition_key, payload_type, payload, enqueued_at) VALUES ('calls', 'a', 'p1', 't', '\\x01'::bytea, 0);");

        var upgraded = await schema.OpenAsync();

        var waiting = (await upgraded.Outbox.PeekAsync("calls", 10, StateStoreTestData.T0)).Single();
        waiting.Revision.Should().Be(1);
        await upgraded.Outbox.CompleteAsync([waiting.Completion]);
        (await upgraded.Outbox.GetStatisticsAsync("calls")).Depth.Should().Be(0);
    }

    [Test]
    public async Task InitializeAsync_SchemaOfANewerVersion_FailsWithInvalidConfiguration_AndLeavesItUnchanged()
    {
        await using var schema = new TestSchema();
        await schema.OpenAsync([.. PostgreSqlMigrations.All, new PostgreSqlMigration(NextVersion, "from the future", "CREATE TABLE future (id int);")]);
        var older = schema.Create();

        var initialize = async () => await older.InitializeAsync();

        var thrown = await initialize.Should().ThrowAsync<ConnectorException>();
        thrown.Which.Code.Should().Be(ConnectorErrorCode.InvalidConfiguration);
        thrown.Which.Error.TechnicalDetail.Should().Contain($"schema version {NextVersion}").And.Contain(schema.Name);
        (await schema.ScalarAsync<int>("SELECT MAX(version) FROM schema_version;")).Should().Be(NextVersion);
    }

    [Test]
    public async Task InitializeAsync_ManyInstancesStartingAtOnce_MigrateOnce()
    {
        await using var schema = new TestSchema();

        // The test migration counts how often it runs: without the advisory lock, racing instances would run it several times or fail
        // on "relation already exists".
        var counted = new PostgreSqlMigration(NextVersion, "test: count runs", "CREATE TABLE IF NOT EXISTS runs (n int); INSERT INTO runs VALUES (1);");
        var stores = Enumerable.Range(0, 6).Select(_ => schema.Create([.. PostgreSqlMigrations.All, counted])).ToList();

        await Task.WhenAll(stores.Select(s => Task.Run(async () => await s.InitializeAsync())));

        (await schema.ScalarAsync<long>("SELECT COUNT(*) FROM runs;")).Should().Be(1);
        (await schema.ScalarAsync<long>("SELECT COUNT(*) FROM schema_version;")).Should().Be(NextVersion);
        foreach (var store in stores)
        {
            (await store.Outbox.GetStatisticsAsync()).Should().Be(new OutboxStatistics(0, null));
        }
    }
}
