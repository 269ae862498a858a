using CallCrm.Connectors.Errors;
using CallCrm.Connectors.Model;
using CallCrm.Connectors.State;

namespace CallCrm.Connectors.Storage.Sqlite.Tests;

public class SqliteTagHistoryStoreTests
{
    [Test]
    public async Task AppendAsync_ThenGetLatestAndHistory_ReturnTheVersionsWithTheirTags()
    {
        await using var db = new TempDatabase();
        var store = await db.OpenAsync();
        var v1 = StateStoreTestData.Tags("cust-1", 1, tags: [new CustomerTag("vip"), new CustomerTag("language", "zh-CN")]);
        var v2 = StateStoreTestData.Tags("cust-1", 2, tags: [new CustomerTag("complaint-risk", "high")]) with { Kind = TagChangeKind.Rollback };

        await store.TagHistory.AppendAsync(v1);
        await store.TagHistory.AppendAsync(v2);
        await store.TagHistory.AppendAsync(StateStoreTestData.Tags("cust-1", 1, target: "five9"));

        (await store.TagHistory.GetLatestAsync("genesys", "cust-1")).Should().BeEquivalentTo(v2);
        (await store.TagHistory.GetHistoryAsync("genesys", "cust-1")).Should().BeEquivalentTo([v1, v2], o => o.WithStrictOrdering());
        (await store.TagHistory.GetLatestAsync("genesys", "cust-2")).Should().BeNull();
        (await store.TagHistory.GetHistoryAsync("genesys", "cust-2")).Should().BeEmpty();
    }

    [Test]
    public async Task AppendAsync_TakenVersion_FailsWithConflict()
    {
        await using var db = new TempDatabase();
        var store = await db.OpenAsync();
        await store.TagHistory.AppendAsync(StateStoreTestData.Tags("cust-1", 1));

        var append = async () => await store.TagHistory.AppendAsync(StateStoreTestData.Tags("cust-1", 1, runId: "run-2"));

        (await append.Should().ThrowAsync<ConnectorException>()).Which.Code.Should().Be(ConnectorErrorCode.Conflict);
        (await store.TagHistory.GetHistoryAsync("genesys", "cust-1")).Single().RunId.Should().Be("run-1");
    }

    [Test]
    public async Task GetByRunAsync_ReturnsTheRunsVersionsInTheOrderTheyWereRecorded()
    {
        await using var db = new TempDatabase();
        var store = await db.OpenAsync();
        await store.TagHistory.AppendAsync(StateStoreTestData.Tags("cust-9", 1, runId: "run-1"));
        await store.TagHistory.AppendAsync(StateStoreTestData.Tags("cust-1", 1, runId: "run-2"));
        await store.TagHistory.AppendAsync(StateStoreTestData.Tags("cust-5", 1, runId: "run-1"));

        var versions = await store.TagHistory.GetByRunAsync("run-1");

        versions.Select(v => v.CustomerId).Should().Equal("cust-9", "cust-5");
        (await store.TagHistory.GetByRunAsync("run-3")).Should().BeEmpty();
    }

    [Test]
    public async Task AppendAsync_StoresTagsAsJson()
    {
        await using var db = new TempDatabase();
        var store = await db.OpenAsync();

        await store.TagHistory.AppendAsync(StateStoreTestData.Tags("cust-1", 1, tags: [new CustomerTag("language", "zh-CN")]));

        db.Scalar<string>("SELECT tags FROM tag_versions").Should().Be("""[{"name":"language","value":"zh-CN"}]""");
    }
}
