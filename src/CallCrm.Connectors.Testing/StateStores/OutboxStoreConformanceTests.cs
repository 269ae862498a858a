using System.Linq;
using System.Threading.Tasks;
using CallCrm.Connectors.State;
using FluentAssertions;
using NodaTime;
using NUnit.Framework;

namespace CallCrm.Connectors.Testing.StateStores;

/// <summary>The conformance tests of a state store's <see cref="IOutboxStore"/>: derive this fixture in the store's test project and implement <see cref="StateStoreConformanceFixture.OpenStoreAsync"/>.</summary>
public abstract class OutboxStoreConformanceTests : StateStoreConformanceFixture
{
    private static readonly Instant Now = StateStoreTestData.T0 + Duration.FromMinutes(10);

    /// <summary>Peeking returns the stream's entries oldest first, up to the maximum count, with the message stored whole and no attempts yet.</summary>
    /// <returns>A task that completes when the test passed.</returns>
    [Test]
    public async Task PeekAsync_ReturnsTheStreamsEntriesOldestFirst_UpToMaxCount()
    {
        await Store.Outbox.EnqueueAsync([StateStoreTestData.Outbox("a"), StateStoreTestData.Outbox("b", stream: "customers"), StateStoreTestData.Outbox("c", partition: "p2")]).ConfigureAwait(false);
        await Store.Outbox.EnqueueAsync([StateStoreTestData.Outbox("d", partition: "p3")]).ConfigureAwait(false);

        var all = await Store.Outbox.PeekAsync("calls", 10, Now).ConfigureAwait(false);
        var first = await Store.Outbox.PeekAsync("calls", 2, Now).ConfigureAwait(false);

        all.Select(e => e.Message.Key).Should().Equal("a", "c", "d");
        all.Select(e => e.Id).Should().BeInAscendingOrder();
        all[0].Should().BeEquivalentTo(new { Revision = 1L, Attempts = 0, NextAttemptAt = (Instant?)null, LastErrorCode = (string?)null });
        all[0].Message.Should().BeEquivalentTo(StateStoreTestData.Outbox("a"), o => o.ComparingByMembers<OutboxMessage>().Excluding(m => m.Payload));
        all[0].Message.Payload.ToArray().Should().Equal(1, 2, 3);
        first.Select(e => e.Message.Key).Should().Equal("a", "c");
    }

    /// <summary>Enqueuing a key that is already waiting replaces its payload and keeps its place and its enqueue time.</summary>
    /// <returns>A task that completes when the test passed.</returns>
    [Test]
    public async Task EnqueueAsync_KeyAlreadyWaiting_ReplacesPayloadAndKeepsItsPlace()
    {
        await Store.Outbox.EnqueueAsync([StateStoreTestData.Outbox("a"), StateStoreTestData.Outbox("b", partition: "p2")]).ConfigureAwait(false);
        var before = await Store.Outbox.PeekAsync("calls", 10, Now).ConfigureAwait(false);

        await Store.Outbox.EnqueueAsync([StateStoreTestData.Outbox("a", payload: [42], enqueuedAt: Now)]).ConfigureAwait(false);

        var after = await Store.Outbox.PeekAsync("calls", 10, Now).ConfigureAwait(false);
        after.Select(e => (e.Id, e.Message.Key)).Should().Equal(before.Select(e => (e.Id, e.Message.Key)));
        after[0].Message.Payload.ToArray().Should().Equal(42);
        after[0].Revision.Should().BeGreaterThan(before[0].Revision, "the replaced message is a new revision of the entry");
        after[1].Revision.Should().Be(before[1].Revision);
        after[0].Message.EnqueuedAt.Should().Be(StateStoreTestData.T0, "the statistics report how long the key has been waiting");
        (await Store.Outbox.GetStatisticsAsync("calls").ConfigureAwait(false)).Depth.Should().Be(2);
    }

    /// <summary>Getting by key returns the stream's waiting entries of those keys, with their latest message, also when backed off; other keys and streams are absent.</summary>
    /// <returns>A task that completes when the test passed.</returns>
    [Test]
    public async Task GetAsync_KeysWaiting_ReturnsTheirLatestEntriesWhateverTheirBackOff()
    {
        await Store.Outbox.EnqueueAsync([StateStoreTestData.Outbox("a"), StateStoreTestData.Outbox("b", partition: "p2"), StateStoreTestData.Outbox("a", stream: "customers")]).ConfigureAwait(false);
        await Store.Outbox.EnqueueAsync([StateStoreTestData.Outbox("a", payload: [42])]).ConfigureAwait(false);
        var peeked = await Store.Outbox.PeekAsync("calls", 10, Now).ConfigureAwait(false);
        await Store.Outbox.RecordFailureAsync(peeked[1].Id, "UNAVAILABLE", Now + Duration.FromMinutes(5)).ConfigureAwait(false);

        var found = await Store.Outbox.GetAsync("calls", ["a", "b", "z"]).ConfigureAwait(false);

        found.Keys.Should().BeEquivalentTo(["a", "b"]);
        found["a"].Id.Should().Be(peeked[0].Id);
        found["a"].Revision.Should().Be(peeked[0].Revision);
        found["a"].Message.Payload.ToArray().Should().Equal(42);
        found["b"].Attempts.Should().Be(1, "a backed-off entry still waits");
        (await Store.Outbox.GetAsync("calls", []).ConfigureAwait(false)).Should().BeEmpty();
    }

    /// <summary>Completing removes the entries (ignoring unknown identifiers), and the same key enqueued later goes to the end.</summary>
    /// <returns>A task that completes when the test passed.</returns>
    [Test]
    public async Task CompleteAsync_RemovesEntries_AndTheSameKeyEnqueuedLaterGoesToTheEnd()
    {
        await Store.Outbox.EnqueueAsync([StateStoreTestData.Outbox("a"), StateStoreTestData.Outbox("b", partition: "p2")]).ConfigureAwait(false);
        var entries = await Store.Outbox.PeekAsync("calls", 10, Now).ConfigureAwait(false);

        await Store.Outbox.CompleteAsync([entries[0].Completion, new OutboxCompletion(987_654, 1)]).ConfigureAwait(false);
        await Store.Outbox.EnqueueAsync([StateStoreTestData.Outbox("a")]).ConfigureAwait(false);

        var after = await Store.Outbox.PeekAsync("calls", 10, Now).ConfigureAwait(false);
        after.Select(e => e.Message.Key).Should().Equal("b", "a");
        after[1].Id.Should().BeGreaterThan(entries[1].Id);
    }

    /// <summary>Completing an entry whose message was replaced since the peek (a newer version of the record, buffered while the older one
    /// was being delivered) leaves the newer message waiting in the entry's place; completing the newer revision then removes it.</summary>
    /// <returns>A task that completes when the test passed.</returns>
    [Test]
    public async Task CompleteAsync_EntryReplacedSinceThePeek_KeepsTheNewerMessageWaiting()
    {
        await Store.Outbox.EnqueueAsync([StateStoreTestData.Outbox("a", payload: [1]), StateStoreTestData.Outbox("b", partition: "p2")]).ConfigureAwait(false);
        var sent = (await Store.Outbox.PeekAsync("calls", 10, Now).ConfigureAwait(false))[0];
        await Store.Outbox.EnqueueAsync([StateStoreTestData.Outbox("a", payload: [2])]).ConfigureAwait(false);

        await Store.Outbox.CompleteAsync([sent.Completion]).ConfigureAwait(false);

        var waiting = await Store.Outbox.PeekAsync("calls", 10, Now).ConfigureAwait(false);
        waiting.Select(e => e.Message.Key).Should().Equal("a", "b");
        waiting[0].Id.Should().Be(sent.Id);
        waiting[0].Revision.Should().BeGreaterThan(sent.Revision);
        waiting[0].Message.Payload.ToArray().Should().Equal(2);

        await Store.Outbox.CompleteAsync([waiting[0].Completion]).ConfigureAwait(false);
        (await Store.Outbox.PeekAsync("calls", 10, Now).ConfigureAwait(false)).Select(e => e.Message.Key).Should().Equal("b");
    }

    /// <summary>A recorded failure hides the entry until it is due again, and counts the attempts with the last error code.</summary>
    /// <returns>A task that completes when the test passed.</returns>
    [Test]
    public async Task RecordFailureAsync_HidesTheEntryUntilDue_AndCountsAttempts()
    {
        await Store.Outbox.EnqueueAsync([StateStoreTestData.Outbox("a"), StateStoreTestData.Outbox("b", partition: "p2")]).ConfigureAwait(false);
        var a = (await Store.Outbox.PeekAsync("calls", 10, Now).ConfigureAwait(false))[0];
        var retryAt = Now + Duration.FromMinutes(5);

        await Store.Outbox.RecordFailureAsync(a.Id, "SERVICE_UNAVAILABLE", retryAt).ConfigureAwait(false);
        await Store.Outbox.RecordFailureAsync(a.Id, "TIMEOUT", retryAt).ConfigureAwait(false);

        (await Store.Outbox.PeekAsync("calls", 10, Now).ConfigureAwait(false)).Select(e => e.Message.Key).Should().Equal("b");
        (await Store.Outbox.PeekAsync("calls", 10, retryAt - Duration.Epsilon).ConfigureAwait(false)).Select(e => e.Message.Key).Should().Equal("b");
        var due = await Store.Outbox.PeekAsync("calls", 10, retryAt).ConfigureAwait(false);
        due.Select(e => e.Message.Key).Should().Equal("a", "b");
        due[0].Should().BeEquivalentTo(new { Attempts = 2, NextAttemptAt = (Instant?)retryAt, LastErrorCode = "TIMEOUT" });
        (await Store.Outbox.PeekAsync("calls", 10, Instant.MaxValue).ConfigureAwait(false)).Should().HaveCount(2);
    }

    /// <summary>An earlier entry of a partition that is backed off holds back the later entries of that partition only.</summary>
    /// <returns>A task that completes when the test passed.</returns>
    [Test]
    public async Task PeekAsync_EarlierEntryOfAPartitionBackedOff_HoldsBackTheLaterOnesOfThatPartitionOnly()
    {
        await Store.Outbox.EnqueueAsync(
            [StateStoreTestData.Outbox("a1", partition: "A"), StateStoreTestData.Outbox("b1", partition: "B"), StateStoreTestData.Outbox("a2", partition: "A")]).ConfigureAwait(false);
        var a1 = (await Store.Outbox.PeekAsync("calls", 10, Now).ConfigureAwait(false))[0];

        await Store.Outbox.RecordFailureAsync(a1.Id, "TIMEOUT", Now + Duration.FromMinutes(1)).ConfigureAwait(false);

        (await Store.Outbox.PeekAsync("calls", 10, Now).ConfigureAwait(false)).Select(e => e.Message.Key).Should().Equal("b1");
        (await Store.Outbox.PeekAsync("calls", 10, Now + Duration.FromMinutes(1)).ConfigureAwait(false)).Select(e => e.Message.Key).Should().Equal("a1", "b1", "a2");
    }

    /// <summary>The statistics report the depth and the oldest enqueue time, per stream and overall.</summary>
    /// <returns>A task that completes when the test passed.</returns>
    [Test]
    public async Task GetStatisticsAsync_ReportsDepthAndOldestEnqueueTime_PerStreamAndOverall()
    {
        (await Store.Outbox.GetStatisticsAsync().ConfigureAwait(false)).Should().Be(new OutboxStatistics(0, null));

        await Store.Outbox.EnqueueAsync(
        [
            StateStoreTestData.Outbox("a", enqueuedAt: StateStoreTestData.T0 + Duration.FromSeconds(5)),
            StateStoreTestData.Outbox("b", enqueuedAt: StateStoreTestData.T0 + Duration.FromSeconds(1)),
            StateStoreTestData.Outbox("c", stream: "customers", enqueuedAt: StateStoreTestData.T0),
        ]).ConfigureAwait(false);

        (await Store.Outbox.GetStatisticsAsync("calls").ConfigureAwait(false)).Should().Be(new OutboxStatistics(2, StateStoreTestData.T0 + Duration.FromSeconds(1)));
        (await Store.Outbox.GetStatisticsAsync().ConfigureAwait(false)).Should().Be(new OutboxStatistics(3, StateStoreTestData.T0));
        (await Store.Outbox.GetStatisticsAsync("none").ConfigureAwait(false)).Should().Be(new OutboxStatistics(0, null));
    }
}
