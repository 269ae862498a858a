using System.Collections.Concurrent;
using CallCrm.Connectors.State;
using NodaTime;

namespace CallCrm.Connectors.Storage.PostgreSql.Tests;

public class PostgreSqlOutboxStoreTests : OutboxStoreConformanceTests
{
    protected override Task<IConnectorStateStore> OpenStoreAsync(CancellationToken cancellationToken) => TestSchema.OpenForTestAsync(DisposeAfterTest);

    private static readonly Instant Now = StateStoreTestData.T0 + Duration.FromMinutes(10);

    [Test]
    public async Task EnqueueAsync_KeyTwiceInOneBatch_TakesTheFirstPlaceWithTheLaterPayload()
    {
        await using var schema = new TestSchema();
        var store = await schema.OpenAsync();

        await store.Outbox.EnqueueAsync([StateStoreTestData.Outbox("a", payload: [1]), StateStoreTestData.Outbox("b", partition: "p2"), StateStoreTestData.Outbox("a", payload: [2], enqueuedAt: Now)]);

        var entries = await store.Outbox.PeekAsync("calls", 10, Now);
        entries.Select(e => e.Message.Key).Should().Equal("a", "b");
        entries[0].Message.Payload.ToArray().Should().Equal(2);
        entries[0].Message.EnqueuedAt.Should().Be(StateStoreTestData.T0);
    }

    [Test]
    public async Task PeekAsync_EntriesClaimedByAnotherInstance_AreSkipped_WithTheLaterEntriesOfTheirPartitions()
    {
        await using var schema = new TestSchema();
        var first = await schema.OpenAsync();
        var second = await schema.OpenAsync();
        await first.Outbox.EnqueueAsync([StateStoreTestData.Outbox("a1", partition: "A"), StateStoreTestData.Outbox("b1", partition: "B"), StateStoreTestData.Outbox("a2", partition: "A"), StateStoreTestData.Outbox("c1", partition: "C")]);

        var claimed = await first.Outbox.PeekAsync("calls", 2, Now);
        var other = await second.Outbox.PeekAsync("calls", 10, Now);
        var again = await first.Outbox.PeekAsync("calls", 2, Now);

        claimed.Select(e => e.Message.Key).Should().Equal("a1", "b1");
        other.Select(e => e.Message.Key).Should().Equal(["c1"], "a2 waits until a1, claimed by the first instance, is delivered");
        again.Select(e => e.Id).Should().Equal(claimed.Select(e => e.Id), "an instance gets its own claimed entries again");
    }

    [Test]
    public async Task CommitAsync_AnotherInstanceReplacedTheClaimedEntry_KeepsTheNewerMessageForTheClaimer()
    {
        await using var schema = new TestSchema();
        var first = await schema.OpenAsync();
        var second = await schema.OpenAsync();
        await first.Outbox.EnqueueAsync([StateStoreTestData.Outbox("a", payload: [1])]);
        var sent = (await first.Outbox.PeekAsync("calls", 10, Now)).Single();

        // While the first instance delivers its claimed entry, the second buffers a newer version of the record (enqueuing ignores claims).
        await second.Outbox.EnqueueAsync([StateStoreTestData.Outbox("a", payload: [2])]);
        await first.CommitAsync(new StateCommit("calls") { CompletedOutbox = [sent.Completion] });

        (await second.Outbox.PeekAsync("calls", 10, Now)).Should().BeEmpty("the first instance still claims the entry");
        var again = (await first.Outbox.PeekAsync("calls", 10, Now)).Single();
        again.Id.Should().Be(sent.Id);
        again.Message.Payload.ToArray().Should().Equal(2);
        await first.CommitAsync(new StateCommit("calls") { CompletedOutbox = [again.Completion] });
        (await first.Outbox.GetStatisticsAsync("calls")).Depth.Should().Be(0);
    }

    [Test]
    public async Task PeekAsync_ClaimCompletedOrFailed_ReleasesThePartition_AndAnExpiredClaimIsTakenOver()
    {
        await using var schema = new TestSchema();
        var claimDuration = TimeSpan.FromMinutes(2);
        var first = await schema.OpenAsync(configure: o => o.OutboxClaimDuration = claimDuration);
        var second = await schema.OpenAsync(configure: o => o.OutboxClaimDuration = claimDuration);
        await first.Outbox.EnqueueAsync([StateStoreTestData.Outbox("a1", partition: "A"), StateStoreTestData.Outbox("a2", partition: "A"), StateStoreTestData.Outbox("b1", partition: "B")]);
        var a1 = (await first.Outbox.PeekAsync("calls", 1, Now)).Single();

        await first.CommitAsync(new StateCommit("calls") { CompletedOutbox = [a1.Completion] });
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
            .Select(i => StateStoreTestData.Outbox($"k{i:D4}", partition: $"p{i % partitions}", payload: BitConverter.GetBytes(i)))
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

                await store.CommitAsync(new StateCommit("calls") { CompletedOutbox = batch.Select(e => e.Completion).ToList() });
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
