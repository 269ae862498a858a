using CallCrm.Connectors.State;
using NodaTime;

namespace CallCrm.Connectors.Storage.PostgreSql.Tests;

public class PostgreSqlDeadLetterStoreTests
{
    [Test]
    public async Task AddAsync_ThenListAndGet_ReturnEachDeadLetterWhole_FilteredAndPagedByIdentifier()
    {
        await using var schema = new TestSchema();
        var store = await schema.OpenAsync();
        await store.DeadLetters.AddAsync(
        [
            TestData.DeadLetter("a"),
            TestData.DeadLetter("b", errorCode: "INVALID_PHONE_NUMBER"),
            TestData.DeadLetter("c", stream: "customers"),
            TestData.DeadLetter("d"),
            TestData.DeadLetter("e"),
        ]);

        var all = await store.DeadLetters.ListAsync(new DeadLetterQuery());
        var page1 = await store.DeadLetters.ListAsync(new DeadLetterQuery("calls", "INVALID_RECORD", MaxCount: 2));
        var page2 = await store.DeadLetters.ListAsync(new DeadLetterQuery("calls", "INVALID_RECORD", AfterId: page1[^1].Id, MaxCount: 2));
        var one = await store.DeadLetters.GetAsync(all[0].Id);

        all.Select(e => e.Message.Key).Should().Equal("a", "b", "c", "d", "e");
        all.Select(e => e.Id).Should().BeInAscendingOrder();
        page1.Select(e => e.Message.Key).Should().Equal("a", "d");
        page2.Select(e => e.Message.Key).Should().Equal("e");
        one!.Message.Should().BeEquivalentTo(TestData.DeadLetter("a"), o => o.ComparingByMembers<DeadLetterMessage>().Excluding(m => m.Payload));
        one.Message.Payload.ToArray().Should().Equal(9, 8, 7);
        (await store.DeadLetters.GetAsync(all[^1].Id + 1)).Should().BeNull();
    }

    [Test]
    public async Task UpdatePayloadThenRemove_ChangeOnlyExistingOnes_AndIdentifiersAreNeverReused()
    {
        await using var schema = new TestSchema();
        var store = await schema.OpenAsync();
        await store.DeadLetters.AddAsync([TestData.DeadLetter("a"), TestData.DeadLetter("b"), TestData.DeadLetter("c")]);
        var ids = (await store.DeadLetters.ListAsync(new DeadLetterQuery())).Select(e => e.Id).ToArray();

        (await store.DeadLetters.UpdatePayloadAsync(ids[0], new byte[] { 1, 1, 2 })).Should().BeTrue();
        (await store.DeadLetters.UpdatePayloadAsync(ids[^1] + 100, new byte[] { 5 })).Should().BeFalse();
        (await store.DeadLetters.RemoveAsync([ids[1], ids[2], 123_456])).Should().Be(2);
        await store.DeadLetters.AddAsync([TestData.DeadLetter("d")]);

        var left = await store.DeadLetters.ListAsync(new DeadLetterQuery());
        left.Select(e => e.Message.Key).Should().Equal("a", "d");
        left[0].Message.Payload.ToArray().Should().Equal(1, 1, 2);
        left[1].Id.Should().BeGreaterThan(ids[2]);
    }

    [Test]
    public async Task PurgeAndCount_WorkOnOneStreamOrAll_ByFailureTime()
    {
        await using var schema = new TestSchema();
        var store = await schema.OpenAsync();
        var cutoff = TestData.T0 + Duration.FromDays(7);
        await store.DeadLetters.AddAsync(
        [
            TestData.DeadLetter("old-calls"),
            TestData.DeadLetter("old-customers", stream: "customers"),
            TestData.DeadLetter("at-cutoff", failedAt: cutoff),
            TestData.DeadLetter("new", failedAt: cutoff + Duration.FromDays(1)),
        ]);
        (await store.DeadLetters.CountAsync("calls")).Should().Be(3);
        (await store.DeadLetters.CountAsync()).Should().Be(4);

        (await store.DeadLetters.PurgeAsync("calls", cutoff)).Should().Be(1);
        (await store.DeadLetters.PurgeAsync(null, cutoff)).Should().Be(1);

        (await store.DeadLetters.ListAsync(new DeadLetterQuery())).Select(e => e.Message.Key).Should().Equal("at-cutoff", "new");
        (await store.DeadLetters.CountAsync("customers")).Should().Be(0);
    }
}
