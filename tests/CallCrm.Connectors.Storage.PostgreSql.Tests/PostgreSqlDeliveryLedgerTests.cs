using CallCrm.Connectors.State;

namespace CallCrm.Connectors.Storage.PostgreSql.Tests;

public class PostgreSqlDeliveryLedgerTests : DeliveryLedgerConformanceTests
{
    protected override Task<IConnectorStateStore> OpenStoreAsync(CancellationToken cancellationToken) => TestSchema.OpenForTestAsync(DisposeAfterTest);

    [Test]
    public async Task UpsertAsync_ThenGetAsync_ReturnsTheEntriesFound_AndOmitsUnknownKeys()
    {
        await using var schema = new TestSchema();
        var store = await schema.OpenAsync();
        var a = StateStoreTestData.Ledger("a", targetId: "crm-1");
        await store.Ledger.UpsertAsync([a, StateStoreTestData.Ledger("b", status: DeliveryStatus.Pending), StateStoreTestData.Ledger("a", stream: "other")]);

        var found = await store.Ledger.GetAsync("calls", ["a", "b", "missing"]);

        found.Keys.Should().BeEquivalentTo("a", "b");
        found["a"].Should().Be(a);
        found["b"].Status.Should().Be(DeliveryStatus.Pending);
        found["b"].TargetId.Should().BeNull();
        (await store.Ledger.GetAsync("calls", [])).Should().BeEmpty();
    }

    [Test]
    public async Task UpsertAsync_ExistingKey_ReplacesTheEntry_AndOfOneKeyGivenTwiceTheLaterWins()
    {
        await using var schema = new TestSchema();
        var store = await schema.OpenAsync();
        await store.Ledger.UpsertAsync([StateStoreTestData.Ledger("a", hash: "h1", status: DeliveryStatus.Pending)]);

        await store.Ledger.UpsertAsync([StateStoreTestData.Ledger("a", hash: "h2"), StateStoreTestData.Ledger("z"), StateStoreTestData.Ledger("a", hash: "h3", targetId: "crm-9")]);

        var entry = (await store.Ledger.GetAsync("calls", ["a"]))["a"];
        entry.Should().Be(StateStoreTestData.Ledger("a", hash: "h3", targetId: "crm-9"));
    }

    [Test]
    public async Task CountAsync_CountsAStreamsEntriesByStatus()
    {
        await using var schema = new TestSchema();
        var store = await schema.OpenAsync();
        await store.Ledger.UpsertAsync(
        [
            StateStoreTestData.Ledger("a"), StateStoreTestData.Ledger("b"), StateStoreTestData.Ledger("c", status: DeliveryStatus.DeadLettered), StateStoreTestData.Ledger("d", stream: "other"),
        ]);

        (await store.Ledger.CountAsync("calls", DeliveryStatus.Delivered)).Should().Be(2);
        (await store.Ledger.CountAsync("calls", DeliveryStatus.DeadLettered)).Should().Be(1);
        (await store.Ledger.CountAsync("calls", DeliveryStatus.Pending)).Should().Be(0);
    }

    [Test]
    public async Task UpsertAsync_TwoInstancesWritingOverlappingKeysInOppositeOrders_NeitherFailsNorDeadlocks()
    {
        await using var schema = new TestSchema();
        var first = await schema.OpenAsync();
        var second = await schema.OpenAsync();
        var keys = Enumerable.Range(0, 200).Select(i => $"key-{i:D3}").ToList();

        // Without ordered writes, opposite orders over the same keys deadlock; without ON CONFLICT, the second insert of a key fails.
        var writes = Enumerable.Range(0, 10).Select(round => Task.Run(async () =>
        {
            var (store, order) = round % 2 == 0 ? (first, keys) : (second, Enumerable.Reverse(keys).ToList());
            await store.Ledger.UpsertAsync(order.Select(k => StateStoreTestData.Ledger(k, hash: $"round-{round}")).ToList());
        }));
        await Task.WhenAll(writes);

        var found = await first.Ledger.GetAsync("calls", keys);
        found.Should().HaveCount(keys.Count);
        found.Values.Select(e => e.ContentHash).Distinct().Should().ContainSingle("each commit is whole: the last one to commit wrote every key");
    }
}
