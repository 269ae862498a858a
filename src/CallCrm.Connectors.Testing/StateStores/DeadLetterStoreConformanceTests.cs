using System.Linq;
using System.Threading.Tasks;
using CallCrm.Connectors.State;
using FluentAssertions;
using NUnit.Framework;

namespace CallCrm.Connectors.Testing.StateStores;

/// <summary>The conformance tests of a state store's <see cref="IDeadLetterStore"/>: derive this fixture in the store's test project and implement <see cref="StateStoreConformanceFixture.OpenStoreAsync"/>.</summary>
public abstract class DeadLetterStoreConformanceTests : StateStoreConformanceFixture
{
    /// <summary>Listing filters by stream and error code, returns dead letters in identifier order and pages by identifier.</summary>
    /// <returns>A task that completes when the test passed.</returns>
    [Test]
    public async Task ListAsync_FiltersByStreamAndErrorCode_AndPagesByIdentifier()
    {
        await Store.DeadLetters.AddAsync(
        [
            StateStoreTestData.DeadLetter("a"),
            StateStoreTestData.DeadLetter("b", errorCode: "INVALID_PHONE_NUMBER"),
            StateStoreTestData.DeadLetter("c", stream: "customers"),
            StateStoreTestData.DeadLetter("d"),
            StateStoreTestData.DeadLetter("e"),
        ]).ConfigureAwait(false);

        var page1 = await Store.DeadLetters.ListAsync(new DeadLetterQuery(Stream: "calls", ErrorCode: "INVALID_RECORD", MaxCount: 2)).ConfigureAwait(false);
        var page2 = await Store.DeadLetters.ListAsync(new DeadLetterQuery(Stream: "calls", ErrorCode: "INVALID_RECORD", AfterId: page1[^1].Id, MaxCount: 2)).ConfigureAwait(false);
        var all = await Store.DeadLetters.ListAsync(new DeadLetterQuery()).ConfigureAwait(false);

        page1.Select(e => e.Message.Key).Should().Equal("a", "d");
        page2.Select(e => e.Message.Key).Should().Equal("e");
        all.Select(e => e.Message.Key).Should().Equal("a", "b", "c", "d", "e");
        all.Select(e => e.Id).Should().BeInAscendingOrder();
        (await Store.DeadLetters.ListAsync(new DeadLetterQuery(ErrorCode: "INVALID_PHONE_NUMBER")).ConfigureAwait(false)).Single().Message.Key.Should().Be("b");
    }

    /// <summary>A dead letter added is returned whole by its identifier, and an unknown identifier returns nothing.</summary>
    /// <returns>A task that completes when the test passed.</returns>
    [Test]
    public async Task AddAsync_ThenGetAsync_ReturnsTheDeadLetter()
    {
        await Store.DeadLetters.AddAsync([StateStoreTestData.DeadLetter("a")]).ConfigureAwait(false);

        var id = (await Store.DeadLetters.ListAsync(new DeadLetterQuery()).ConfigureAwait(false)).Single().Id;
        var entry = await Store.DeadLetters.GetAsync(id).ConfigureAwait(false);
        entry!.Message.Should().BeEquivalentTo(StateStoreTestData.DeadLetter("a"), o => o.ComparingByMembers<DeadLetterMessage>().Excluding(m => m.Payload));
        entry.Message.Payload.ToArray().Should().Equal(9, 8, 7);
        (await Store.DeadLetters.GetAsync(id + 1).ConfigureAwait(false)).Should().BeNull();
    }

    /// <summary>Updating the payload replaces it, and reports whether the dead letter existed.</summary>
    /// <returns>A task that completes when the test passed.</returns>
    [Test]
    public async Task UpdatePayloadAsync_ReplacesThePayload_AndReportsWhetherTheDeadLetterExisted()
    {
        await Store.DeadLetters.AddAsync([StateStoreTestData.DeadLetter("a")]).ConfigureAwait(false);
        var id = (await Store.DeadLetters.ListAsync(new DeadLetterQuery()).ConfigureAwait(false)).Single().Id;

        (await Store.DeadLetters.UpdatePayloadAsync(id, new byte[] { 1, 1, 2 }).ConfigureAwait(false)).Should().BeTrue();
        (await Store.DeadLetters.UpdatePayloadAsync(id + 100, new byte[] { 5 }).ConfigureAwait(false)).Should().BeFalse();

        (await Store.DeadLetters.GetAsync(id).ConfigureAwait(false))!.Message.Payload.ToArray().Should().Equal(1, 1, 2);
    }

    /// <summary>Removing removes the given dead letters only (counting those that existed), leaving the others as they were, and identifiers are never reused.</summary>
    /// <returns>A task that completes when the test passed.</returns>
    [Test]
    public async Task RemoveAsync_RemovesTheGivenOnes_AndIdentifiersAreNeverReused()
    {
        await Store.DeadLetters.AddAsync([StateStoreTestData.DeadLetter("a"), StateStoreTestData.DeadLetter("b"), StateStoreTestData.DeadLetter("c")]).ConfigureAwait(false);
        var ids = (await Store.DeadLetters.ListAsync(new DeadLetterQuery()).ConfigureAwait(false)).Select(e => e.Id).ToArray();
        (await Store.DeadLetters.UpdatePayloadAsync(ids[0], new byte[] { 1, 1, 2 }).ConfigureAwait(false)).Should().BeTrue();
        (await Store.DeadLetters.UpdatePayloadAsync(ids[^1] + 100, new byte[] { 5 }).ConfigureAwait(false)).Should().BeFalse();

        (await Store.DeadLetters.RemoveAsync([ids[1], ids[2], 123_456]).ConfigureAwait(false)).Should().Be(2);
        await Store.DeadLetters.AddAsync([StateStoreTestData.DeadLetter("d")]).ConfigureAwait(false);

        var left = await Store.DeadLetters.ListAsync(new DeadLetterQuery()).ConfigureAwait(false);
        left.Select(e => e.Message.Key).Should().Equal("a", "d");
        left[1].Id.Should().BeGreaterThan(ids[2]);
        left[0].Message.Payload.ToArray().Should().Equal(1, 1, 2);
    }

    /// <summary>Purging removes the dead letters that failed before the time, in one stream or all.</summary>
    /// <returns>A task that completes when the test passed.</returns>
    [Test]
    public async Task PurgeAsync_RemovesThoseThatFailedBeforeTheTime_InOneStreamOrAll()
    {
        var cutoff = StateStoreTestData.T0 + NodaTime.Duration.FromDays(7);
        await Store.DeadLetters.AddAsync(
        [
            StateStoreTestData.DeadLetter("old-calls"),
            StateStoreTestData.DeadLetter("old-customers", stream: "customers"),
            StateStoreTestData.DeadLetter("at-cutoff", failedAt: cutoff),
            StateStoreTestData.DeadLetter("new", failedAt: cutoff + NodaTime.Duration.FromDays(1)),
        ]).ConfigureAwait(false);

        (await Store.DeadLetters.CountAsync("calls").ConfigureAwait(false)).Should().Be(3);
        (await Store.DeadLetters.CountAsync().ConfigureAwait(false)).Should().Be(4);
        (await Store.DeadLetters.PurgeAsync("calls", cutoff).ConfigureAwait(false)).Should().Be(1);
        (await Store.DeadLetters.ListAsync(new DeadLetterQuery()).ConfigureAwait(false)).Select(e => e.Message.Key).Should().Equal("old-customers", "at-cutoff", "new");

        (await Store.DeadLetters.PurgeAsync(null, cutoff).ConfigureAwait(false)).Should().Be(1);
        (await Store.DeadLetters.ListAsync(new DeadLetterQuery()).ConfigureAwait(false)).Select(e => e.Message.Key).Should().Equal("at-cutoff", "new");
        (await Store.DeadLetters.CountAsync("customers").ConfigureAwait(false)).Should().Be(0);
    }

    /// <summary>Counting counts one stream or all.</summary>
    /// <returns>A task that completes when the test passed.</returns>
    [Test]
    public async Task CountAsync_CountsOneStreamOrAll()
    {
        await Store.DeadLetters.AddAsync([StateStoreTestData.DeadLetter("a"), StateStoreTestData.DeadLetter("b"), StateStoreTestData.DeadLetter("c", stream: "customers")]).ConfigureAwait(false);

        (await Store.DeadLetters.CountAsync("calls").ConfigureAwait(false)).Should().Be(2);
        (await Store.DeadLetters.CountAsync().ConfigureAwait(false)).Should().Be(3);
        (await Store.DeadLetters.CountAsync("none").ConfigureAwait(false)).Should().Be(0);
    }
}
