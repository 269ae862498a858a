using CallCrm.Connectors.State;
using Microsoft.Data.Sqlite;
using NodaTime;

namespace CallCrm.Connectors.Storage.Sqlite.Tests;

public class SqliteOutboxStoreTests
{
    private static readonly Instant Now = TestData.T0 + Duration.FromMinutes(10);

    [Test]
    public async Task PeekAsync_ReturnsTheStreamsEntriesOldestFirst_UpToMaxCount()
    {
        await using var db = new TempDatabase();
        var store = await db.OpenAsync();
        await store.Outbox.EnqueueAsync([TestData.Outbox("a"), TestData.Outbox("b", stream: "customers"), TestData.Outbox("c", partition: "p2")]);
        await store.Outbox.EnqueueAsync([TestData.Outbox("d", partition: "p3")]);

        var all = await store.Outbox.PeekAsync("calls", 10, Now);
        var first = await store.Outbox.PeekAsync("calls", 2, Now);

        all.Select(e => e.Message.Key).Should().Equal("a", "c", "d");
        all.Select(e => e.Id).Should().BeInAscendingOrder();
        all[0].Should().BeEquivalentTo(new { Attempts = 0, NextAttemptAt = (Instant?)null, LastErrorCode = (string?)null });
        all[0].Message.Should().BeEquivalentTo(TestData.Outbox("a"), o => o.ComparingByMembers<OutboxMessage>().Excluding(m => m.Payload));
        all[0].Message.Payload.ToArray().Should().Equal(1, 2, 3);
        first.Select(e => e.Message.Key).Should().Equal("a", "c");
    }

    [Test]
    public async Task EnqueueAsync_KeyAlreadyWaiting_ReplacesPayloadAndKeepsItsPlace()
    {
        await using var db = new TempDatabase();
        var store = await db.OpenAsync();
        await store.Outbox.EnqueueAsync([TestData.Outbox("a"), TestData.Outbox("b", partition: "p2")]);
        var before = await store.Outbox.PeekAsync("calls", 10, Now);

        await store.Outbox.EnqueueAsync([TestData.Outbox("a", payload: [42], enqueuedAt: Now)]);

        var after = await store.Outbox.PeekAsync("calls", 10, Now);
        after.Select(e => (e.Id, e.Message.Key)).Should().Equal(before.Select(e => (e.Id, e.Message.Key)));
        after[0].Message.Payload.ToArray().Should().Equal(42);
        after[0].Message.EnqueuedAt.Should().Be(TestData.T0, "the statistics report how long the key has been waiting");
        (await store.Outbox.GetStatisticsAsync("calls")).Depth.Should().Be(2);
    }

    [Test]
    public async Task CompleteAsync_RemovesEntries_AndTheSameKeyEnqueuedLaterGoesToTheEnd()
    {
        await using var db = new TempDatabase();
        var store = await db.OpenAsync();
        await store.Outbox.EnqueueAsync([TestData.Outbox("a"), TestData.Outbox("b", partition: "p2")]);
        var entries = await store.Outbox.PeekAsync("calls", 10, Now);

        await store.Outbox.CompleteAsync([entries[0].Id, 987_654]);
        await store.Outbox.EnqueueAsync([TestData.Outbox("a")]);

        var after = await store.Outbox.PeekAsync("calls", 10, Now);
        after.Select(e => e.Message.Key).Should().Equal("b", "a");
        after[1].Id.Should().BeGreaterThan(entries[1].Id);
    }

    [Test]
    public async Task RecordFailureAsync_HidesTheEntryUntilDue_AndCountsAttempts()
    {
        await using var db = new TempDatabase();
        var store = await db.OpenAsync();
        await store.Outbox.EnqueueAsync([TestData.Outbox("a"), TestData.Outbox("b", partition: "p2")]);
        var a = (await store.Outbox.PeekAsync("calls", 10, Now))[0];
        var retryAt = Now + Duration.FromMinutes(5);

        await store.Outbox.RecordFailureAsync(a.Id, "SERVICE_UNAVAILABLE", retryAt);
        await store.Outbox.RecordFailureAsync(a.Id, "TIMEOUT", retryAt);

        (await store.Outbox.PeekAsync("calls", 10, Now)).Select(e => e.Message.Key).Should().Equal("b");
        (await store.Outbox.PeekAsync("calls", 10, retryAt - Duration.Epsilon)).Select(e => e.Message.Key).Should().Equal("b");
        var due = await store.Outbox.PeekAsync("calls", 10, retryAt);
        due.Select(e => e.Message.Key).Should().Equal("a", "b");
        due[0].Should().BeEquivalentTo(new { Attempts = 2, NextAttemptAt = (Instant?)retryAt, LastErrorCode = "TIMEOUT" });
        (await store.Outbox.PeekAsync("calls", 10, Instant.MaxValue)).Should().HaveCount(2);
    }

    [Test]
    public async Task PeekAsync_EarlierEntryOfAPartitionBackedOff_HoldsBackTheLaterOnesOfThatPartitionOnly()
    {
        await using var db = new TempDatabase();
        var store = await db.OpenAsync();
        await store.Outbox.EnqueueAsync(
            [TestData.Outbox("a1", partition: "A"), TestData.Outbox("b1", partition: "B"), TestData.Outbox("a2", partition: "A")]);
        var a1 = (await store.Outbox.PeekAsync("calls", 10, Now))[0];

        await store.Outbox.RecordFailureAsync(a1.Id, "TIMEOUT", Now + Duration.FromMinutes(1));

        (await store.Outbox.PeekAsync("calls", 10, Now)).Select(e => e.Message.Key).Should().Equal("b1");
        (await store.Outbox.PeekAsync("calls", 10, Now + Duration.FromMinutes(1))).Select(e => e.Message.Key).Should().Equal("a1", "b1", "a2");
    }

    [Test]
    public async Task GetStatisticsAsync_ReportsDepthAndOldestEnqueueTime_PerStreamAndOverall()
    {
        await using var db = new TempDatabase();
        var store = await db.OpenAsync();
        (await store.Outbox.GetStatisticsAsync()).Should().Be(new OutboxStatistics(0, null));

        await store.Outbox.EnqueueAsync(
        [
            TestData.Outbox("a", enqueuedAt: TestData.T0 + Duration.FromSeconds(5)),
            TestData.Outbox("b", enqueuedAt: TestData.T0 + Duration.FromSeconds(1)),
            TestData.Outbox("c", stream: "customers", enqueuedAt: TestData.T0),
        ]);

        (await store.Outbox.GetStatisticsAsync("calls")).Should().Be(new OutboxStatistics(2, TestData.T0 + Duration.FromSeconds(1)));
        (await store.Outbox.GetStatisticsAsync()).Should().Be(new OutboxStatistics(3, TestData.T0));
        (await store.Outbox.GetStatisticsAsync("none")).Should().Be(new OutboxStatistics(0, null));
    }

    [Test]
    public async Task PeekSql_WalksTheStreamIndexAndThePartialBackOffIndex_WithoutScanOrSort()
    {
        await using var db = new TempDatabase();
        await db.OpenAsync();
        using var connection = new SqliteConnection($"Data Source={db.FilePath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + SqliteOutboxStore.PeekSql;
        command.Parameters.AddWithValue("$stream", "calls");
        command.Parameters.AddWithValue("$now", 0L);
        command.Parameters.AddWithValue("$max_count", 10);

        var plan = new List<string>();
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                plan.Add(reader.GetString(3));
            }
        }

        // A deep outbox (a sink down for hours) must not be scanned or sorted on every peek.
        plan.Should().Contain(d => d.Contains("outbox_by_stream", StringComparison.Ordinal))
            .And.Contain(d => d.Contains("outbox_backed_off", StringComparison.Ordinal))
            .And.NotContain(d => d.Contains("TEMP B-TREE", StringComparison.Ordinal) || d.StartsWith("SCAN", StringComparison.Ordinal));
    }
}
