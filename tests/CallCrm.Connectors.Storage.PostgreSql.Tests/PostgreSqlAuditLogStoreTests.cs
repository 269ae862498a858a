using CallCrm.Connectors.Errors;
using CallCrm.Connectors.State;
using NodaTime;

namespace CallCrm.Connectors.Storage.PostgreSql.Tests;

public class PostgreSqlAuditLogStoreTests
{
    [Test]
    public async Task AppendAndRead_ReturnRowsInSequenceOrder_FromAnySequence_AcrossPages()
    {
        await using var schema = new TestSchema();
        var store = await schema.OpenAsync();
        var rows = Chain(1, 1_203, "genesis");
        await store.AuditLog.AppendAsync(rows[0]);
        await store.AuditLog.AppendBatchAsync(rows.Skip(1).ToList(), "seal", "sealed-1203");

        var all = await store.AuditLog.ReadAsync().ToListAsync();
        var tail = await store.AuditLog.ReadAsync(1_200).ToListAsync();

        all.Should().Equal(rows);
        tail.Select(r => r.Sequence).Should().Equal(1_200, 1_201, 1_202, 1_203);
        (await store.AuditLog.GetLastAsync()).Should().Be(rows[^1]);
        (await store.AuditLog.GetValueAsync("seal")).Should().Be("sealed-1203");
        (await store.AuditLog.GetValueAsync("anchor")).Should().BeNull();
    }

    [Test]
    public async Task AppendBatchAsync_ARowThatDoesNotFollowTheChain_StoresNeitherRowsNorSeal()
    {
        await using var schema = new TestSchema();
        var store = await schema.OpenAsync();
        var rows = Chain(1, 3, "genesis");
        await store.AuditLog.AppendBatchAsync(rows, "seal", "sealed-3");

        var taken = async () => await store.AuditLog.AppendBatchAsync([AuditTestData.Audit(3, rows[1].Hash), AuditTestData.Audit(4, "x")], "seal", "bad");
        var stale = async () => await store.AuditLog.AppendAsync(AuditTestData.Audit(4, rows[1].Hash));

        (await taken.Should().ThrowAsync<ConnectorException>()).Which.Code.Should().Be(ConnectorErrorCode.Conflict);
        (await stale.Should().ThrowAsync<ConnectorException>()).Which.Code.Should().Be(ConnectorErrorCode.Conflict);
        (await store.AuditLog.GetLastAsync()).Should().Be(rows[^1]);
        (await store.AuditLog.GetValueAsync("seal")).Should().Be("sealed-3");
    }

    [Test]
    public async Task AppendAsync_AfterAGap_IsStored_SoVerificationCanReportTheGap()
    {
        await using var schema = new TestSchema();
        var store = await schema.OpenAsync();
        await store.AuditLog.AppendAsync(AuditTestData.Audit(1, "genesis"));

        await store.AuditLog.AppendAsync(AuditTestData.Audit(5, "sealed-head-4"));

        (await store.AuditLog.ReadAsync().ToListAsync()).Select(r => r.Sequence).Should().Equal(1, 5);
    }

    [Test]
    public async Task DeleteRecordedBeforeAsync_DeletesTheOlderRows_AndSetValueAsyncReplaces()
    {
        await using var schema = new TestSchema();
        var store = await schema.OpenAsync();
        await store.AuditLog.AppendBatchAsync(Chain(1, 10, "genesis"), "anchor", "a1");
        await store.AuditLog.SetValueAsync("anchor", "a2");

        var deleted = await store.AuditLog.DeleteRecordedBeforeAsync(StateStoreTestData.T0 + Duration.FromSeconds(4));

        deleted.Should().Be(3);
        (await store.AuditLog.ReadAsync().ToListAsync()).Select(r => r.Sequence).Should().Equal(4, 5, 6, 7, 8, 9, 10);
        (await store.AuditLog.GetValueAsync("anchor")).Should().Be("a2");
    }

    [Test]
    public async Task AppendBatchAsync_TwoInstancesAppendingAtOnce_FormOneUnbrokenChain()
    {
        await using var schema = new TestSchema();
        var stores = new[] { await schema.OpenAsync(), await schema.OpenAsync() };
        const int batchesPerInstance = 15;

        // Each instance appends as the security package's audit log does: from the head it knows, and after a conflict from the stored head.
        await Task.WhenAll(stores.Select((store, instance) => Task.Run(async () =>
        {
            for (var batch = 0; batch < batchesPerInstance; batch++)
            {
                while (true)
                {
                    var last = await store.AuditLog.GetLastAsync();
                    var rows = Chain((last?.Sequence ?? 0) + 1, (last?.Sequence ?? 0) + 3, last?.Hash ?? "genesis", $"instance-{instance}");
                    try
                    {
                        await store.AuditLog.AppendBatchAsync(rows, "seal", rows[^1].Hash);
                        break;
                    }
                    catch (ConnectorException ex) when (ex.Code == ConnectorErrorCode.Conflict)
                    {
                        // Another instance appended first: continue the chain from its rows.
                    }
                }
            }
        })));

        var chain = await stores[0].AuditLog.ReadAsync().ToListAsync();
        chain.Should().HaveCount(2 * batchesPerInstance * 3);
        chain.Select(r => r.Sequence).Should().Equal(Enumerable.Range(1, chain.Count).Select(i => (long)i));
        for (var i = 1; i < chain.Count; i++)
        {
            chain[i].PreviousHash.Should().Be(chain[i - 1].Hash, $"row {chain[i].Sequence} follows row {chain[i - 1].Sequence}");
        }

        chain.Select(r => r.Content).Distinct().Should().HaveCount(2, "both instances' rows are in the one chain");
        (await stores[1].AuditLog.GetValueAsync("seal")).Should().Be(chain[^1].Hash, "the seal written last covers the head");
    }

    private static List<AuditLogRow> Chain(long from, long to, string previousHash, string content = "{}")
    {
        var rows = new List<AuditLogRow>();
        for (var sequence = from; sequence <= to; sequence++)
        {
            var row = AuditTestData.Audit(sequence, previousHash, content);
            rows.Add(row);
            previousHash = row.Hash;
        }

        return rows;
    }
}
