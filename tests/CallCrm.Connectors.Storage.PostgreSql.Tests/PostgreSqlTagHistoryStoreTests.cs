using CallCrm.Connectors.Errors;
using CallCrm.Connectors.Model;
using CallCrm.Connectors.State;

namespace CallCrm.Connectors.Storage.PostgreSql.Tests;

public class PostgreSqlTagHistoryStoreTests
{
    [Test]
    public async Task AppendAsync_ThenLatestHistoryAndRun_ReturnTheVersionsWhole()
    {
        await using var schema = new TestSchema();
        var store = await schema.OpenAsync();
        var v1 = StateStoreTestData.Tags("cust-1", 1, "run-b", tags: [new CustomerTag("vip"), new CustomerTag("tier", "gold")]);
        var v2 = StateStoreTestData.Tags("cust-1", 2, "run-a") with { Kind = TagChangeKind.Rollback, PreviousTags = [] };
        await store.TagHistory.AppendAsync(v1);
        await store.CommitAsync(new StateCommit("tags") { TagVersions = [StateStoreTestData.Tags("cust-2", 1, "run-a"), v2, StateStoreTestData.Tags("cust-1", 1, target: "twilio")] });

        var latest = await store.TagHistory.GetLatestAsync("genesys", "cust-1");
        var history = await store.TagHistory.GetHistoryAsync("genesys", "cust-1");
        var run = await store.TagHistory.GetByRunAsync("run-a");

        latest.Should().BeEquivalentTo(v2);
        history.Should().BeEquivalentTo([v1, v2], o => o.WithStrictOrdering());
        run.Select(v => (v.CustomerId, v.Version)).Should().Equal(("cust-2", 1L), ("cust-1", 2L));
        (await store.TagHistory.GetLatestAsync("genesys", "nobody")).Should().BeNull();
        (await schema.ScalarAsync<string>("SELECT tags FROM tag_versions WHERE run_id = 'run-b';"))
            .Should().Be("""[{"name":"vip","value":null},{"name":"tier","value":"gold"}]""", "the stored format is the SQLite store's");
    }

    [Test]
    public async Task AppendAsync_TwoInstancesTakingTheSameVersionAtOnce_ExactlyOneWins_TheOtherGetsConflict()
    {
        await using var schema = new TestSchema();
        var stores = new[] { await schema.OpenAsync(), await schema.OpenAsync() };

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(async () =>
        {
            try
            {
                await stores[i % 2].TagHistory.AppendAsync(StateStoreTestData.Tags("cust-1", 1, runId: $"run-{i}"));
                return (ConnectorErrorCode?)null;
            }
            catch (ConnectorException ex)
            {
                return ex.Code;
            }
        })));

        results.Count(r => r is null).Should().Be(1);
        results.Where(r => r is not null).Should().AllBeEquivalentTo(ConnectorErrorCode.Conflict);
        (await stores[0].TagHistory.GetHistoryAsync("genesys", "cust-1")).Should().ContainSingle();
    }
}
