using System.Collections.Concurrent;
using CallCrm.Connectors.State;
using NodaTime;

namespace CallCrm.Connectors.Storage.PostgreSql.Tests;

public class PostgreSqlOutboxStoreTests
{
    private static readonly Instant Now = TestData.T0 + Duration.FromMinutes(10);

    [Test]
    public async Task PeekAsync_ReturnsTheStreamsEntriesOldestFirst_UpToMaxCount()
    {
        await using var schema = new TestSchema();
        var store = await schema.OpenAsync();
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
        await using var schema = new TestSchema();
        var store = await schema.OpenAsync();
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
    public async Task EnqueueAsync_KeyTwiceInOneBatch_TakesTheFirstPlaceWithTheLaterPayload()
    {
        await using var schema = new TestSchema();
        var store = await schema.OpenAsync();

        await store.Outbox.EnqueueAsync([TestData.Outbox("a", payload: [1]), TestData.Outbox("b", partition: "p2"), TestData.Outbox("a", payload: [2], enqueuedAt: Now)]);

        var entries = await store.Outbox.PeekAsync("calls", 10, Now);
        entries.Select(e => e.Message.Key).Should().Equal("a", "b");
        entries[0].Message.Payload.ToArray().Should().Equal(2);
        entries[0].Message.EnqueuedAt.Should().Be(TestData.T0);
    }

    [Test]
    public async Task CompleteAsync_RemovesEntries_AndTheSameKeyEnqueuedLaterGoesToTheEnd()
    {
        await using var schema = new TestSchema();
        var store = await schema.OpenAsync();
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
        await using var schema = new TestSchema();
        var store = await schema.OpenAsync();
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
        await using var schema = new TestSchema();
        var store = await schema.OpenAsync();
        await store.Outbox.EnqueueAsync([TestData.Outbox("a1", partition: "A"), TestData.Outbox("b1", partition: "B"), TestData.Outbox("a2", partition: "A")]);
        var a1 = (await store.Outbox.PeekAsync("calls", 10, Now))[0];

        await store.Outbox.RecordFailureAsync(a1.Id, "TIMEOUT", Now + Duration.FromMinutes(1));

        (await store.Outbox.PeekAsync("calls", 10, Now)).Select(e => e.Message.Key).Should().Equal("b1");
        (await store.Outbox.PeekAsync("calls", 10, Now + Duration.FromMinutes(1))).Select(e => e.Message.Key).Should().Equal("a1", "b1", "a2");
    }

    [Test]
    public async Task GetStatisticsAsync_ReportsDepthAndOldestEnqueueTime_PerStreamAndOverall()
    {
        await using var schema = new TestSchema();
        var store = await schema.OpenAsync();
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
    public async Task PeekAsync_EntriesClaimedByAnotherInstance_AreSkipped_WithTheLaterEntriesOfTheirPartitions()
    {
        await using var schema = new TestSchema();
        var first = await schema.OpenAsync();
        var second = await schema.OpenAsync();
        await first.Outbox.EnqueueAsync([TestData.Outbox("a1", partition: "A"), TestData.Outbox("b1", partition: "B"), TestData.Outbox("a2", partition: "A"), TestData.Outbox("c1", partition: "C")]);

        var claimed = await first.Outbox.PeekAsync("calls", 2, Now);
        var other = await second.Outbox.PeekAsync("calls", 10, Now);
        var again = await first.Outbox.PeekAsync("calls", 2, Now);

        claimed.Select(e => e.Message.Key).Should().Equal("a1", "b1");
        other.Select(e => e.Message.Key).Should().Equal(["c1"], "a2 waits until a1, claimed by the first instance, is delivered");
        again.Select(e => e.Id).Should().Equal(claimed.Select(e => e.Id), "an instance gets its own claimed entries again");
    }

    [Test]
    public async Task PeekAsync_ClaimCompletedOrFailed_ReleasesThePartition_AndAnExpiredClaimIsTakenOver()
    {
        await using var schema = new TestSchema();
        var claimDuration = TimeSpan.FromMinutes(2);
        var first = await schema.OpenAsync(configure: o => o.OutboxClaimDuration = claimDuration);
        var second = await schema.OpenAsync(configure: o => o.OutboxClaimDuration = claimDuration);
        await first.Outbox.EnqueueAsync([TestData.Outbox("a1", partition: "A"), TestData.Outbox("a2", partition: "A"), TestData.Outbox("b1", partition: "B")]);
        var a1 = (await first.Outbox.PeekAsync("calls", 1, Now)).Single();

        await first.CommitAsync(new StateCommit("calls") { CompletedOutboxIds = [a1.Id] });
        var afterComplete = await second.Outbox.PeekAsync("calls", 1, Now);
        afterComplete.Select(e => e.Message.Key).Should().Equal("a2");

        // The second instance dies holding a2: nobody else gets it (nor b1 claimed next) until the claim lapses, then the first takes over.
        (await first.Outbox.PeekAsync("calls", 10, Now)).Select(e => e.Message.Key).Should().Equal("b1");
        (await first.Outbox.PeekAsync("calls", 10, Now + Duration.FromTimeSpan(claimDuration) - Duration.Epsilon)).Select(e => e.Message.Key).Should().Equal("b1");
        (await first.Outbox.PeekAsync("calls", 10, Now + Duration.FromTimeSpan(claimDuration))).Select(e => e.Message.Key).Should().Equal("a2", "b1");

        // A recorded failure ends the claim: once due, the other instance may try the entry.
        var a2 = (await first.Outbox.PeekAsync("calls", 1, Now + Duration.FromTimeSpan(claimDuration))).Single();
        await first.Outbox.RecordFailureAsync(a2.Id, "TIMEOUT", Now + Duration.FromTimeSpan(claimDuration));
        (await second.Outbox.PeekAsync("calls", 1, Now + Duration.FromTimeSpan(claimDuration))).Select(e => e.Id).Should().Equal(a2.Id);
    }

    [Test]
    public async Task DrainingFromTwoInstancesAtOnce_DeliversEveryEntryOnce_AndEachPartitionInOrder()
    {
        await using var schema = new TestSchema();
        var stores = new[] { await schema.OpenAsync(), await schema.OpenAsync() };
        const int partitions = 8;
        const int perPartition = 25;
        var messages = Enumerable.Range(0, partitions * perPartition)
            .Select(i => TestData.Outbox($"k{i:D4}", partition: $"p{i % partitions}", payload: BitConverter.GetBytes(i)))
            .ToList();
        await stores[0].Outbox.EnqueueAsync(messages);
        var delivered = new ConcurrentQueue<(int Instance, string Key, string Partition)>();

        // Each instance drains as the engine does: peek a batch, deliver it, complete it in a commit.
        var drains = stores.Select((store, instance) => Task.Run(async () =>
        {
            var idle = 0;
            while (idle < 10_000)
            {
                var batch = await store.Outbox.PeekAsync("calls", 7, Now);
                if (batch.Count == 0)
                {
                    if ((await store.Outbox.GetStatisticsAsync("calls")).Depth == 0)
                    {
                        return;
                    }

                    idle++;
                    await Task.Yield();
                    continue;
                }

                idle = 0;
                foreach (var entry in batch)
                {
                    delivered.Enqueue((instance, entry.Message.Key, entry.Message.PartitionKey));
                }

                await store.CommitAsync(new StateCommit("calls") { CompletedOutboxIds = batch.Select(e => e.Id).ToList() });
            }
        })).ToArray();
        await Task.WhenAll(drains);

        var log = delivered.ToList();
        log.Select(d => d.Key).Should().OnlyHaveUniqueItems().And.HaveCount(messages.Count);
        foreach (var partition in log.GroupBy(d => d.Partition))
        {
            partition.Select(d => d.Key).Should().BeInAscendingOrder(StringComparer.Ordinal, "a partition is delivered in order, whichever instance delivers it");
        }

        (await stores[1].Outbox.GetStatisticsAsync()).Depth.Should().Be(0);
    }
}
