using System.Threading.Tasks;
using CallCrm.Connectors.State;
using FluentAssertions;
using NodaTime;
using NUnit.Framework;

namespace CallCrm.Connectors.Testing.StateStores;

/// <summary>The conformance tests of a state store's <see cref="IDeliveryLedger"/>: derive this fixture in the store's test project and implement <see cref="StateStoreConformanceFixture.OpenStoreAsync"/>.</summary>
public abstract class DeliveryLedgerConformanceTests : StateStoreConformanceFixture
{
    /// <summary>An entry's record version (finality and the source's change time, to the nanosecond) is stored and read back, and an entry
    /// without one reads back without one, whether written by <see cref="IDeliveryLedger.UpsertAsync"/> or in a commit.</summary>
    /// <returns>A task that completes when the test passed.</returns>
    [Test]
    public async Task UpsertAsync_RecordVersion_RoundTripsFinalityAndChangeTimeToTheNanosecond()
    {
        var final = StateStoreTestData.Ledger("final") with { RecordIsFinal = true, RecordUpdatedAt = StateStoreTestData.T0 + Duration.FromNanoseconds(123_456_789) };
        var ongoing = StateStoreTestData.Ledger("ongoing", status: DeliveryStatus.Pending) with { RecordIsFinal = false };
        var unversioned = StateStoreTestData.Ledger("unversioned");
        var committed = StateStoreTestData.Ledger("committed", status: DeliveryStatus.DeadLettered) with { RecordIsFinal = false, RecordUpdatedAt = StateStoreTestData.T0 };

        await Store.Ledger.UpsertAsync([final, ongoing, unversioned]).ConfigureAwait(false);
        await Store.CommitAsync(new StateCommit("calls") { LedgerEntries = [committed] }).ConfigureAwait(false);

        var found = await Store.Ledger.GetAsync("calls", ["final", "ongoing", "unversioned", "committed"]).ConfigureAwait(false);
        found["final"].Should().Be(final);
        found["ongoing"].Should().Be(ongoing);
        found["unversioned"].Should().Be(unversioned);
        found["committed"].Should().Be(committed);
    }

    /// <summary>Replacing an entry replaces its version too, down to none: the engine puts a previous entry back after a failed send.</summary>
    /// <returns>A task that completes when the test passed.</returns>
    [Test]
    public async Task UpsertAsync_KnownKey_ReplacesTheVersionToo()
    {
        await Store.Ledger.UpsertAsync([StateStoreTestData.Ledger("a") with { RecordIsFinal = true, RecordUpdatedAt = StateStoreTestData.T0 }]).ConfigureAwait(false);
        var older = StateStoreTestData.Ledger("a", hash: "h0") with { RecordIsFinal = false };

        await Store.CommitAsync(new StateCommit("calls") { LedgerEntries = [older] }).ConfigureAwait(false);
        (await Store.Ledger.GetAsync("calls", ["a"]).ConfigureAwait(false))["a"].Should().Be(older);

        await Store.Ledger.UpsertAsync([StateStoreTestData.Ledger("a", hash: "h2")]).ConfigureAwait(false);
        (await Store.Ledger.GetAsync("calls", ["a"]).ConfigureAwait(false))["a"].Should().Be(StateStoreTestData.Ledger("a", hash: "h2"));
    }
}
