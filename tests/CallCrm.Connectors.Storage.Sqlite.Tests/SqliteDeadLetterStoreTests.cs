using CallCrm.Connectors.State;
using NodaTime;

namespace CallCrm.Connectors.Storage.Sqlite.Tests;

public class SqliteDeadLetterStoreTests
{
    [Test]
    public async Task AddAsync_ThenGetAsync_ReturnsTheDeadLetter()
    {
        await using var db = new TempDatabase();
        var store = await db.OpenAsync();

        await store.DeadLetters.AddAsync([TestData.DeadLetter("a")]);

        var id = (await store.DeadLetters.ListAsync(new DeadLetterQuery())).Single().Id;
        var entry = await store.DeadLetters.GetAsync(id);
        entry!.Message.Should().BeEquivalentTo(TestData.DeadLetter("a"), o => o.ComparingByMembers<DeadLetterMessage>().Excluding(m => m.Payload));
        entry.Message.Payload.ToArray().Should().Equal(9, 8, 7);
        (await store.DeadLetters.GetAsync(id + 1)).Should().BeNull();
    }

    [Test]
    public async Task ListAsync_FiltersByStreamAndErrorCode_AndPagesByIdentifier()
    {
        await using var db = new TempDatabase();
        var store = await db.OpenAsync();
        await store.DeadLetters.AddAsync(
        [
            TestData.DeadLetter("a"),
            TestData.DeadLetter("b", errorCode: "INVALID_PHONE_NUMBER"),
            TestData.DeadLetter("c", stream: "customers"),
            TestData.DeadLetter("d"),
            TestData.DeadLetter("e"),
        ]);

        var page1 = await store.DeadLetters.ListAsync(new DeadLetterQuery(Stream: "calls", ErrorCode: "INVALID_RECORD", MaxCount: 2));
        var page2 = await store.DeadLetters.ListAsync(new DeadLetterQuery(Stream: "calls", ErrorCode: "INVALID_RECORD", AfterId: page1[^1].Id, MaxCount: 2));
        var all = await store.DeadLetters.ListAsync(new DeadLetterQuery());

        page1.Select(e => e.Message.Key).Should().Equal("a", "d");
        page2.Select(e => e.Message.Key).Should().Equal("e");
        all.Select(e => e.Message.Key).Should().Equal("a", "b", "c", "d", "e");
        (await store.DeadLetters.ListAsync(new DeadLetterQuery(ErrorCode: "INVALID_PHONE_NUMBER"))).Single().Message.Key.Should().Be("b");
    }

    [Test]
    public async Task UpdatePayloadAsync_ReplacesThePayload_AndReportsWhetherTheDeadLetterExisted()
    {
        await using var db = new TempDatabase();
        var store = await db.OpenAsync();
        await store.DeadLetters.AddAsync([TestData.DeadLetter("a")]);
        var id = (await store.DeadLetters.ListAsync(new DeadLetterQuery())).Single().Id;

        (await store.DeadLetters.UpdatePayloadAsync(id, new byte[] { 1, 1, 2 })).Should().BeTrue();
        (await store.DeadLetters.UpdatePayloadAsync(id + 100, new byte[] { 5 })).Should().BeFalse();

        (await store.DeadLetters.GetAsync(id))!.Message.Payload.ToArray().Should().Equal(1, 1, 2);
    }

    [Test]
    public async Task RemoveAsync_RemovesTheGivenOnes_AndIdentifiersAreNeverReused()
    {
        await using var db = new TempDatabase();
        var store = await db.OpenAsync();
        await store.DeadLetters.AddAsync([TestData.DeadLetter("a"), TestData.DeadLetter("b"), TestData.DeadLetter("c")]);
        var ids = (await store.DeadLetters.ListAsync(new DeadLetterQuery())).Select(e => e.Id).ToArray();

        (await store.DeadLetters.RemoveAsync([ids[1], ids[2], 123_456])).Should().Be(2);
        await store.DeadLetters.AddAsync([TestData.DeadLetter("d")]);

        var left = await store.DeadLetters.ListAsync(new DeadLetterQuery());
        left.Select(e => e.Message.Key).Should().Equal("a", "d");
        left[1].Id.Should().BeGreaterThan(ids[2]);
    }

    [Test]
    public async Task PurgeAsync_RemovesThoseThatFailedBeforeTheTime_InOneStreamOrAll()
    {
        await using var db = new TempDatabase();
        var store = await db.OpenAsync();
        var cutoff = TestData.T0 + Duration.FromDays(7);
        await store.DeadLetters.AddAsync(
        [
            TestData.DeadLetter("old-calls"),
            TestData.DeadLetter("old-customers", stream: "customers"),
            TestData.DeadLetter("at-cutoff", failedAt: cutoff),
            TestData.DeadLetter("new", failedAt: cutoff + Duration.FromDays(1)),
        ]);

        (await store.DeadLetters.PurgeAsync("calls", cutoff)).Should().Be(1);
        (await store.DeadLetters.ListAsync(new DeadLetterQuery())).Select(e => e.Message.Key).Should().Equal("old-customers", "at-cutoff", "new");

        (await store.DeadLetters.PurgeAsync(null, cutoff)).Should().Be(1);
        (await store.DeadLetters.ListAsync(new DeadLetterQuery())).Select(e => e.Message.Key).Should().Equal("at-cutoff", "new");
    }

    [Test]
    public async Task CountAsync_CountsOneStreamOrAll()
    {
        await using var db = new TempDatabase();
        var store = await db.OpenAsync();
        await store.DeadLetters.AddAsync([TestData.DeadLetter("a"), TestData.DeadLetter("b"), TestData.DeadLetter("c", stream: "customers")]);

        (await store.DeadLetters.CountAsync("calls")).Should().Be(2);
        (await store.DeadLetters.CountAsync()).Should().Be(3);
        (await store.DeadLetters.CountAsync("none")).Should().Be(0);
    }
}
