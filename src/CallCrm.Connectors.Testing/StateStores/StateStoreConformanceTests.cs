using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CallCrm.Connectors.Checkpoints;
using CallCrm.Connectors.Errors;
using CallCrm.Connectors.State;
using FluentAssertions;
using NUnit.Framework;

namespace CallCrm.Connectors.Testing.StateStores;

/// <summary>The conformance tests of an <see cref="IConnectorStateStore"/>'s atomic <see cref="IConnectorStateStore.CommitAsync"/>: derive this fixture in the store's test project and implement <see cref="StateStoreConformanceFixture.OpenStoreAsync"/>.</summary>
public abstract class StateStoreConformanceTests : StateStoreConformanceFixture
{
    /// <summary>A commit applies every part: ledger entries, dead letters, outbox messages and completions, tag versions and the checkpoint.</summary>
    /// <returns>A task that completes when the test passed.</returns>
    [Test]
    public async Task CommitAsync_AppliesEveryPart()
    {
        await Store.Outbox.EnqueueAsync([StateStoreTestData.Outbox("old")]).ConfigureAwait(false);
        var old = (await Store.Outbox.PeekAsync("calls", 1, StateStoreTestData.T0).ConfigureAwait(false)).Single();

        await Store.CommitAsync(new StateCommit("calls")
        {
            LedgerEntries = [StateStoreTestData.Ledger("a"), StateStoreTestData.Ledger("b")],
            DeadLetters = [StateStoreTestData.DeadLetter("c")],
            OutboxMessages = [StateStoreTestData.Outbox("d")],
            CompletedOutbox = [old.Completion],
            TagVersions = [StateStoreTestData.Tags("cust-1", 1)],
            Checkpoint = new CursorCheckpoint("1042"),
        }).ConfigureAwait(false);

        (await Store.Ledger.GetAsync("calls", ["a", "b"]).ConfigureAwait(false)).Should().HaveCount(2);
        (await Store.DeadLetters.CountAsync("calls").ConfigureAwait(false)).Should().Be(1);
        (await Store.Outbox.PeekAsync("calls", 10, StateStoreTestData.T0).ConfigureAwait(false)).Select(e => e.Message.Key).Should().Equal("d");
        (await Store.TagHistory.GetLatestAsync("genesys", "cust-1").ConfigureAwait(false)).Should().NotBeNull();
        (await Store.Checkpoints.GetAsync("calls").ConfigureAwait(false)).Should().Be(new CursorCheckpoint("1042"));
    }

    /// <summary>A commit failing midway (a tag version already taken) throws a permanent <c>Conflict</c>, leaves nothing of it stored, and the store stays usable.</summary>
    /// <returns>A task that completes when the test passed.</returns>
    [Test]
    public async Task CommitAsync_FailingMidway_LeavesNothingOfItStored()
    {
        await Store.TagHistory.AppendAsync(StateStoreTestData.Tags("cust-1", 1)).ConfigureAwait(false);
        await Store.Checkpoints.SetAsync("calls", new CursorCheckpoint("1")).ConfigureAwait(false);
        await Store.Outbox.EnqueueAsync([StateStoreTestData.Outbox("waiting")]).ConfigureAwait(false);
        var waiting = (await Store.Outbox.PeekAsync("calls", 1, StateStoreTestData.T0).ConfigureAwait(false)).Single();

        // The tag versions come after every other part but the checkpoint; version 1 is taken, so the commit fails there.
        var commit = async () => await Store.CommitAsync(new StateCommit("calls")
        {
            LedgerEntries = [StateStoreTestData.Ledger("a")],
            DeadLetters = [StateStoreTestData.DeadLetter("b")],
            OutboxMessages = [StateStoreTestData.Outbox("c")],
            CompletedOutbox = [waiting.Completion],
            TagVersions = [StateStoreTestData.Tags("cust-2", 1), StateStoreTestData.Tags("cust-1", 1)],
            Checkpoint = new CursorCheckpoint("2"),
        }).ConfigureAwait(false);

        var thrown = await commit.Should().ThrowAsync<ConnectorException>().ConfigureAwait(false);
        thrown.Which.Code.Should().Be(ConnectorErrorCode.Conflict);
        thrown.Which.Error.IsTransient.Should().BeFalse();
        (await Store.Ledger.GetAsync("calls", ["a"]).ConfigureAwait(false)).Should().BeEmpty();
        (await Store.DeadLetters.CountAsync().ConfigureAwait(false)).Should().Be(0);
        (await Store.Outbox.PeekAsync("calls", 10, StateStoreTestData.T0).ConfigureAwait(false)).Select(e => e.Id).Should().Equal(waiting.Id);
        (await Store.TagHistory.GetLatestAsync("genesys", "cust-2").ConfigureAwait(false)).Should().BeNull();
        (await Store.Checkpoints.GetAsync("calls").ConfigureAwait(false)).Should().Be(new CursorCheckpoint("1"));

        // The store stays usable after the rolled-back commit.
        await Store.CommitAsync(new StateCommit("calls") { LedgerEntries = [StateStoreTestData.Ledger("a")], Checkpoint = new CursorCheckpoint("2") }).ConfigureAwait(false);
        (await Store.Checkpoints.GetAsync("calls").ConfigureAwait(false)).Should().Be(new CursorCheckpoint("2"));
    }

    /// <summary>A commit completing an outbox entry and enqueuing the same key again keeps the new message, under a new identifier.</summary>
    /// <returns>A task that completes when the test passed.</returns>
    [Test]
    public async Task CommitAsync_CompletingAndReenqueuingTheSameKey_KeepsTheNewMessage()
    {
        await Store.Outbox.EnqueueAsync([StateStoreTestData.Outbox("a", payload: [1])]).ConfigureAwait(false);
        var sent = (await Store.Outbox.PeekAsync("calls", 1, StateStoreTestData.T0).ConfigureAwait(false)).Single();

        await Store.CommitAsync(new StateCommit("calls") { CompletedOutbox = [sent.Completion], OutboxMessages = [StateStoreTestData.Outbox("a", payload: [2])] }).ConfigureAwait(false);

        var waiting = (await Store.Outbox.PeekAsync("calls", 10, StateStoreTestData.T0).ConfigureAwait(false)).Single();
        waiting.Id.Should().NotBe(sent.Id);
        waiting.Message.Payload.ToArray().Should().Equal(2);
    }

    /// <summary>A commit completing an outbox entry whose message was replaced since the peek leaves the newer message waiting, while the
    /// rest of the commit (the ledger entry of the version that was delivered) is applied.</summary>
    /// <returns>A task that completes when the test passed.</returns>
    [Test]
    public async Task CommitAsync_CompletingARevisionReplacedSinceThePeek_KeepsTheNewerMessage()
    {
        await Store.Outbox.EnqueueAsync([StateStoreTestData.Outbox("a", payload: [1])]).ConfigureAwait(false);
        var sent = (await Store.Outbox.PeekAsync("calls", 1, StateStoreTestData.T0).ConfigureAwait(false)).Single();
        await Store.Outbox.EnqueueAsync([StateStoreTestData.Outbox("a", payload: [2])]).ConfigureAwait(false);

        await Store.CommitAsync(new StateCommit("calls") { LedgerEntries = [StateStoreTestData.Ledger("a")], CompletedOutbox = [sent.Completion] }).ConfigureAwait(false);

        var waiting = (await Store.Outbox.PeekAsync("calls", 10, StateStoreTestData.T0).ConfigureAwait(false)).Single();
        waiting.Id.Should().Be(sent.Id);
        waiting.Message.Payload.ToArray().Should().Equal(2);
        (await Store.Ledger.GetAsync("calls", ["a"]).ConfigureAwait(false)).Should().ContainKey("a");
    }

    /// <summary>A commit cancelled before it runs throws <see cref="System.OperationCanceledException"/> and stores nothing.</summary>
    /// <returns>A task that completes when the test passed.</returns>
    [Test]
    public async Task CommitAsync_CancelledBeforeItRuns_StoresNothing()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync().ConfigureAwait(false);

        var commit = async () => await Store.CommitAsync(new StateCommit("calls") { LedgerEntries = [StateStoreTestData.Ledger("a")] }, cancelled.Token).ConfigureAwait(false);

        await commit.Should().ThrowAsync<OperationCanceledException>().ConfigureAwait(false);
        (await Store.Ledger.GetAsync("calls", ["a"]).ConfigureAwait(false)).Should().BeEmpty();
    }
}
