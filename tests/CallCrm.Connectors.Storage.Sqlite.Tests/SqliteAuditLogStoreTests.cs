using CallCrm.Connectors.Errors;
using CallCrm.Connectors.State;
using NodaTime;

namespace CallCrm.Connectors.Storage.Sqlite.Tests;

public class SqliteAuditLogStoreTests
{
    private static AuditLogRow Row(long sequence, Instant? recordedAt = null) =>
        new(sequence, recordedAt ?? StateStoreTestData.T0 + Duration.FromSeconds(sequence), $"{{\"op\":\"replay\",\"n\":{sequence}}}", $"prev-{sequence}", $"hash-{sequence}");

    [Test]
    public async Task AppendAsync_ThenGetLastAsync_ReturnsTheHighestSequence()
    {
        await using var db = new TempDatabase();
        var store = await db.OpenAsync();
        (await store.AuditLog.GetLastAsync()).Should().BeNull();

        await store.AuditLog.AppendAsync(Row(1));
        await store.AuditLog.AppendAsync(Row(2));

        (await store.AuditLog.GetLastAsync()).Should().Be(Row(2));
    }

    [Test]
    public async Task AppendAsync_TakenSequence_FailsWithConflict()
    {
        await using var db = new TempDatabase();
        var store = await db.OpenAsync();
        await store.AuditLog.AppendAsync(Row(1));

        var append = async () => await store.AuditLog.AppendAsync(Row(1) with { Hash = "other" });

        (await append.Should().ThrowAsync<ConnectorException>()).Which.Code.Should().Be(ConnectorErrorCode.Conflict);
        (await store.AuditLog.GetLastAsync())!.Hash.Should().Be("hash-1");
    }

    [Test]
    public async Task AppendBatchAsync_RowsAndValue_StoredTogetherInOrder()
    {
        await using var db = new TempDatabase();
        var store = await db.OpenAsync();

        await store.AuditLog.AppendBatchAsync([Row(1), Row(2), Row(3)], "audit.seal", "seal-3");

        (await store.AuditLog.ReadAsync().ToListAsync()).Should().Equal(Row(1), Row(2), Row(3));
        (await store.AuditLog.GetValueAsync("audit.seal")).Should().Be("seal-3");
    }

    [Test]
    public async Task AppendBatchAsync_OneSequenceTaken_NothingOfTheBatchIsStored()
    {
        await using var db = new TempDatabase();
        var store = await db.OpenAsync();
        await store.AuditLog.AppendBatchAsync([Row(1)], "audit.seal", "seal-1");

        var append = async () => await store.AuditLog.AppendBatchAsync([Row(2), Row(1) with { Hash = "other" }, Row(3)], "audit.seal", "seal-3");

        (await append.Should().ThrowAsync<ConnectorException>()).Which.Code.Should().Be(ConnectorErrorCode.Conflict);
        (await store.AuditLog.ReadAsync().ToListAsync()).Should().Equal(Row(1));
        (await store.AuditLog.GetValueAsync("audit.seal")).Should().Be("seal-1", "a seal is never stored without the rows it covers");
    }

    [Test]
    public async Task ReadAsync_ReadsFromTheSequenceInOrder_AcrossPages()
    {
        await using var db = new TempDatabase();
        var store = await db.OpenAsync();
        for (var i = 1; i <= 1_234; i++)
        {
            await store.AuditLog.AppendAsync(Row(i));
        }

        var all = await store.AuditLog.ReadAsync().ToListAsync();
        var tail = await store.AuditLog.ReadAsync(fromSequence: 1_200).ToListAsync();

        all.Select(r => r.Sequence).Should().Equal(Enumerable.Range(1, 1_234).Select(i => (long)i));
        all[41].Should().Be(Row(42));
        tail.Select(r => r.Sequence).Should().Equal(Enumerable.Range(1_200, 35).Select(i => (long)i));
    }

    [Test]
    public async Task DeleteRecordedBeforeAsync_DeletesOnlyOlderRows()
    {
        await using var db = new TempDatabase();
        var store = await db.OpenAsync();
        for (var i = 1; i <= 5; i++)
        {
            await store.AuditLog.AppendAsync(Row(i));
        }

        (await store.AuditLog.DeleteRecordedBeforeAsync(StateStoreTestData.T0 + Duration.FromSeconds(3))).Should().Be(2);

        (await store.AuditLog.ReadAsync().ToListAsync()).Select(r => r.Sequence).Should().Equal(3, 4, 5);
    }

    [Test]
    public async Task SetValueAsync_ThenGetValueAsync_ReturnsTheLastValue()
    {
        await using var db = new TempDatabase();
        var store = await db.OpenAsync();
        (await store.AuditLog.GetValueAsync("seal")).Should().BeNull();

        await store.AuditLog.SetValueAsync("seal", "hash-1");
        await store.AuditLog.SetValueAsync("seal", "hash-2");
        await store.AuditLog.SetValueAsync("anchor", "hash-0");

        (await store.AuditLog.GetValueAsync("seal")).Should().Be("hash-2");
        (await store.AuditLog.GetValueAsync("anchor")).Should().Be("hash-0");
    }
}
