using CallCrm.Connectors.State;

namespace CallCrm.Connectors.Storage.Sqlite.Tests;

public class SqliteDeliveryLedgerTests : DeliveryLedgerConformanceTests
{
    protected override Task<IConnectorStateStore> OpenStoreAsync(CancellationToken cancellationToken) => TempDatabase.OpenForTestAsync(DisposeAfterTest);

    [Test]
    public async Task GetAsync_MixOfKnownAndUnknownKeys_ReturnsOnlyTheStreamsKnownOnes()
    {
        await using var db = new TempDatabase();
        var store = await db.OpenAsync();
        await store.Ledger.UpsertAsync([StateStoreTestData.Ledger("a", targetId: "crm-1"), StateStoreTestData.Ledger("b"), StateStoreTestData.Ledger("c", stream: "customers")]);

        var found = await store.Ledger.GetAsync("calls", ["a", "c", "zzz"]);

        found.Should().ContainSingle();
        found["a"].Should().Be(StateStoreTestData.Ledger("a", targetId: "crm-1"));
    }

    [Test]
    public async Task GetAsync_NoKeys_ReturnsEmpty()
    {
        await using var db = new TempDatabase();
        var store = await db.OpenAsync();

        (await store.Ledger.GetAsync("calls", [])).Should().BeEmpty();
    }

    [Test]
    public async Task GetAsync_MoreKeysThanSqliteParameterLimit_FindsThemAll()
    {
        await using var db = new TempDatabase();
        var store = await db.OpenAsync();
        var keys = Enumerable.Range(0, 40_000).Select(i => $"key-{i}").ToArray();
        await store.Ledger.UpsertAsync(keys.Select(k => StateStoreTestData.Ledger(k)).ToArray());

        var found = await store.Ledger.GetAsync("calls", keys);

        found.Should().HaveCount(keys.Length);
    }

    [Test]
    public async Task UpsertAsync_KnownKey_ReplacesTheEntry()
    {
        await using var db = new TempDatabase();
        var store = await db.OpenAsync();
        await store.Ledger.UpsertAsync([StateStoreTestData.Ledger("a", hash: "h1", status: DeliveryStatus.Pending)]);

        var replacement = StateStoreTestData.Ledger("a", hash: "h2", status: DeliveryStatus.Delivered, targetId: "crm-9") with { UpdatedAt = StateStoreTestData.T0 + NodaTime.Duration.FromMinutes(1) };
        await store.Ledger.UpsertAsync([replacement]);

        (await store.Ledger.GetAsync("calls", ["a"]))["a"].Should().Be(replacement);
        db.Scalar<long>("SELECT COUNT(*) FROM ledger").Should().Be(1);
    }

    [Test]
    public async Task CountAsync_CountsOneStreamsEntriesWithOneStatus()
    {
        await using var db = new TempDatabase();
        var store = await db.OpenAsync();
        await store.Ledger.UpsertAsync(
        [
            StateStoreTestData.Ledger("a"),
            StateStoreTestData.Ledger("b"),
            StateStoreTestData.Ledger("c", status: DeliveryStatus.Pending),
            StateStoreTestData.Ledger("d", status: DeliveryStatus.DeadLettered),
            StateStoreTestData.Ledger("a", stream: "customers"),
        ]);

        (await store.Ledger.CountAsync("calls", DeliveryStatus.Delivered)).Should().Be(2);
        (await store.Ledger.CountAsync("calls", DeliveryStatus.Pending)).Should().Be(1);
        (await store.Ledger.CountAsync("calls", DeliveryStatus.DeadLettered)).Should().Be(1);
        (await store.Ledger.CountAsync("customers", DeliveryStatus.Delivered)).Should().Be(1);
    }

    [Test]
    public async Task UpsertAsync_UpdatedAtBeyondNanosecondRange_IsRefusedAndStoresNothing()
    {
        await using var db = new TempDatabase();
        var store = await db.OpenAsync();

        var write = async () => await store.Ledger.UpsertAsync([StateStoreTestData.Ledger("a"), StateStoreTestData.Ledger("b") with { UpdatedAt = NodaTime.Instant.MaxValue }]);

        await write.Should().ThrowAsync<ArgumentOutOfRangeException>();
        (await store.Ledger.GetAsync("calls", ["a", "b"])).Should().BeEmpty();
    }
}
