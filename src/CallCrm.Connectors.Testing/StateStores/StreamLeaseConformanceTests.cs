using System.Linq;
using System.Threading.Tasks;
using CallCrm.Connectors.Checkpoints;
using CallCrm.Connectors.Errors;
using CallCrm.Connectors.State;
using FluentAssertions;
using NUnit.Framework;

namespace CallCrm.Connectors.Testing.StateStores;

/// <summary>The conformance tests of stream leases with fencing tokens over a state store: each acquisition raises the stream's token,
/// and a commit carrying a token that is no longer the current one is refused whole. Derive it in the store's test project and implement
/// <see cref="StateStoreConformanceFixture.OpenStoreAsync"/> and <see cref="LeasesOf"/>.</summary>
public abstract class StreamLeaseConformanceTests : StateStoreConformanceFixture
{
    /// <summary>Gets the lease provider over <paramref name="store"/> (the store itself, or a provider made for it).</summary>
    /// <param name="store">The store of the running test.</param>
    /// <returns>The lease provider.</returns>
    protected abstract IStreamLeaseProvider LeasesOf(IConnectorStateStore store);

    /// <summary>Each acquisition gets a higher fencing token; the lease is exclusive while held.</summary>
    /// <returns>A task that completes when the test passed.</returns>
    [Test]
    public async Task TryAcquireStreamLeaseAsync_EveryAcquisition_RaisesTheFencingToken_AndIsExclusiveWhileHeld()
    {
        var leases = LeasesOf(Store);
        var first = await leases.TryAcquireStreamLeaseAsync("calls").ConfigureAwait(false);
        first.Should().NotBeNull();
        var whileHeld = await leases.TryAcquireStreamLeaseAsync("calls").ConfigureAwait(false);
        await first!.DisposeAsync().ConfigureAwait(false);
        var second = await leases.TryAcquireStreamLeaseAsync("calls").ConfigureAwait(false);
        second.Should().NotBeNull();
        await using (second!.ConfigureAwait(false))
        {
            whileHeld.Should().BeNull();
            second.Stream.Should().Be("calls");
            second.FencingToken.Should().BeGreaterThan(first.FencingToken);
        }
    }

    /// <summary>After another holder took the stream over, the old holder's commit is refused with <c>LEASE_LOST</c> and stores
    /// nothing: no ledger entry, outbox change or checkpoint; the new holder's commit is stored.</summary>
    /// <returns>A task that completes when the test passed.</returns>
    [Test]
    public async Task CommitAsync_WithTheTokenOfALeaseAnotherHolderTookOver_IsRefused_AndStoresNothing()
    {
        var leases = LeasesOf(Store);
        await Store.Outbox.EnqueueAsync([StateStoreTestData.Outbox("waiting")]).ConfigureAwait(false);
        var waiting = (await Store.Outbox.PeekAsync("calls", 1, StateStoreTestData.T0).ConfigureAwait(false)).Single();
        await Store.CommitAsync(new StateCommit("calls") { Checkpoint = new CursorCheckpoint("1") }).ConfigureAwait(false);

        var old = (await leases.TryAcquireStreamLeaseAsync("calls").ConfigureAwait(false))!;
        await old.DisposeAsync().ConfigureAwait(false);
        var current = (await leases.TryAcquireStreamLeaseAsync("calls").ConfigureAwait(false))!;
        await using (current.ConfigureAwait(false))
        {
            var stale = () => Store.CommitAsync(new StateCommit("calls")
            {
                FencingToken = old.FencingToken,
                LedgerEntries = [StateStoreTestData.Ledger("a")],
                OutboxMessages = [StateStoreTestData.Outbox("b")],
                CompletedOutbox = [waiting.Completion],
                Checkpoint = new CursorCheckpoint("2"),
            }).AsTask();

            (await stale.Should().ThrowAsync<ConnectorException>().ConfigureAwait(false)).Which.Error.Code.Should().Be(ConnectorErrorCode.LeaseLost);
            (await Store.Ledger.GetAsync("calls", ["a"]).ConfigureAwait(false)).Should().BeEmpty();
            (await Store.Outbox.GetAsync("calls", ["waiting", "b"]).ConfigureAwait(false)).Keys.Should().Equal("waiting");
            (await Store.Checkpoints.GetAsync("calls").ConfigureAwait(false)).Should().Be(new CursorCheckpoint("1"));

            await Store.CommitAsync(new StateCommit("calls")
            {
                FencingToken = current.FencingToken,
                LedgerEntries = [StateStoreTestData.Ledger("a")],
                CompletedOutbox = [waiting.Completion],
                Checkpoint = new CursorCheckpoint("2"),
            }).ConfigureAwait(false);
            (await Store.Ledger.GetAsync("calls", ["a"]).ConfigureAwait(false)).Should().ContainKey("a");
            (await Store.Outbox.GetAsync("calls", ["waiting"]).ConfigureAwait(false)).Should().BeEmpty();
            (await Store.Checkpoints.GetAsync("calls").ConfigureAwait(false)).Should().Be(new CursorCheckpoint("2"));
        }
    }

    /// <summary>A token is checked against its own stream's lease only; a commit without a token (a single instance) is not fenced.</summary>
    /// <returns>A task that completes when the test passed.</returns>
    [Test]
    public async Task CommitAsync_WithoutAToken_OrForAStreamNeverLeased_IsFencedOnlyWhereATokenIsGiven()
    {
        var leases = LeasesOf(Store);
        var lease = (await leases.TryAcquireStreamLeaseAsync("calls").ConfigureAwait(false))!;
        await using (lease.ConfigureAwait(false))
        {
            await Store.CommitAsync(new StateCommit("calls") { LedgerEntries = [StateStoreTestData.Ledger("a")] }).ConfigureAwait(false);
            var otherStream = () => Store.CommitAsync(new StateCommit("tags") { FencingToken = lease.FencingToken, LedgerEntries = [StateStoreTestData.Ledger("b", "tags")] }).AsTask();

            (await otherStream.Should().ThrowAsync<ConnectorException>().ConfigureAwait(false)).Which.Error.Code.Should().Be(ConnectorErrorCode.LeaseLost);
            (await Store.Ledger.GetAsync("calls", ["a"]).ConfigureAwait(false)).Should().ContainKey("a");
            (await Store.Ledger.GetAsync("tags", ["b"]).ConfigureAwait(false)).Should().BeEmpty();
        }
    }
}
