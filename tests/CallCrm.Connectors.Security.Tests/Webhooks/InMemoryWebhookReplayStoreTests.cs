using CallCrm.Connectors.Security.Webhooks;
using Microsoft.Extensions.Time.Testing;

namespace CallCrm.Connectors.Security.Tests.Webhooks;

public sealed class InMemoryWebhookReplayStoreTests
{
    [Test]
    public async Task TryRegisterAsync_SameKeyBeforeAndAfterExpiry_RefusedThenAccepted()
    {
        var time = new FakeTimeProvider();
        var store = new InMemoryWebhookReplayStore(time);
        var expiry = time.GetUtcNow().AddMinutes(5);

        (await store.TryRegisterAsync("evt", expiry)).Should().BeTrue();
        time.Advance(TimeSpan.FromMinutes(4));
        (await store.TryRegisterAsync("evt", expiry)).Should().BeFalse();
        time.Advance(TimeSpan.FromMinutes(1));
        (await store.TryRegisterAsync("evt", time.GetUtcNow().AddMinutes(5))).Should().BeTrue();
    }

    [Test]
    public async Task TryRegisterAsync_Full_ForgetsTheEntryThatExpiresFirst()
    {
        var time = new FakeTimeProvider();
        var store = new InMemoryWebhookReplayStore(time, capacity: 3);
        var now = time.GetUtcNow();
        await store.TryRegisterAsync("late", now.AddMinutes(9));
        await store.TryRegisterAsync("soon", now.AddMinutes(1));
        await store.TryRegisterAsync("mid", now.AddMinutes(5));

        (await store.TryRegisterAsync("new", now.AddMinutes(5))).Should().BeTrue();

        store.Count.Should().Be(3);
        (await store.TryRegisterAsync("late", now.AddMinutes(9))).Should().BeFalse();
        (await store.TryRegisterAsync("soon", now.AddMinutes(1))).Should().BeTrue("it was evicted to make room");
    }

    [Test]
    public async Task ForgetAsync_RegisteredKey_IsAcceptedAgainAndOthersStay()
    {
        var time = new FakeTimeProvider();
        var store = new InMemoryWebhookReplayStore(time);
        var expiry = time.GetUtcNow().AddMinutes(5);
        await store.TryRegisterAsync("failed", expiry);
        await store.TryRegisterAsync("kept", expiry);

        await store.ForgetAsync("failed");
        await store.ForgetAsync("never-seen");

        store.Count.Should().Be(1);
        (await store.TryRegisterAsync("failed", expiry)).Should().BeTrue();
        (await store.TryRegisterAsync("kept", expiry)).Should().BeFalse();
    }

    [Test]
    public async Task TryRegisterAsync_ConcurrentSameKey_ExactlyOneWins()
    {
        var store = new InMemoryWebhookReplayStore(new FakeTimeProvider());
        var expiry = DateTimeOffset.MaxValue;

        var results = await Task.WhenAll(Enumerable.Range(0, 64).Select(_ => Task.Run(async () => await store.TryRegisterAsync("evt", expiry))));

        results.Count(r => r).Should().Be(1);
    }
}
