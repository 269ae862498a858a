using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CallCrm.Connectors.Security.Webhooks;
using CallCrm.Connectors.State;
using FluentAssertions;
using NUnit.Framework;

namespace CallCrm.Connectors.Testing.StateStores;

/// <summary>The conformance tests of a state store's durable <see cref="IWebhookReplayStore"/>: an event is taken once until it
/// expires, a forgotten event can be taken again, and two instances over the same state (two processes behind a load balancer)
/// see each other's events. Derive this fixture in the store's test project.</summary>
public abstract class WebhookReplayStoreConformanceTests : StateStoreConformanceFixture
{
    private static readonly DateTimeOffset Start = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>Gets the clock the replay stores of the running test measure expiry with; tests move it.</summary>
    protected ManualTimeProvider Clock { get; } = new(Start);

    /// <summary>Creates the store's replay store over <paramref name="store"/>.</summary>
    /// <param name="store">A store opened by <see cref="StateStoreConformanceFixture.OpenStoreAsync"/> or <see cref="OpenAnotherInstanceAsync"/>.</param>
    /// <param name="timeProvider">The clock to measure expiry with.</param>
    /// <returns>The replay store.</returns>
    protected abstract IWebhookReplayStore CreateReplayStore(IConnectorStateStore store, TimeProvider timeProvider);

    /// <summary>Opens a second store instance over the same state as <see cref="StateStoreConformanceFixture.Store"/> (another
    /// connection, as another process would), disposed when the test ends.</summary>
    /// <param name="cancellationToken">Cancels the opening.</param>
    /// <returns>The second instance.</returns>
    protected abstract Task<IConnectorStateStore> OpenAnotherInstanceAsync(CancellationToken cancellationToken);

    /// <summary>Resets the clock before each test.</summary>
    [SetUp]
    public void ResetClock() => Clock.UtcNow = Start;

    /// <summary>An event is new once; the same key inside its window is a replay.</summary>
    /// <returns>A task that completes when the test passed.</returns>
    [Test]
    public async Task TryRegisterAsync_SameKeyTwice_TrueThenFalse()
    {
        var replays = CreateReplayStore(Store, Clock);

        (await replays.TryRegisterAsync("twilio:CA1:completed:3", Start.AddMinutes(10)).ConfigureAwait(false)).Should().BeTrue();
        (await replays.TryRegisterAsync("twilio:CA1:completed:3", Start.AddMinutes(10)).ConfigureAwait(false)).Should().BeFalse();
        (await replays.TryRegisterAsync("twilio:CA1:completed:4", Start.AddMinutes(10)).ConfigureAwait(false)).Should().BeTrue("another key is another event");
    }

    /// <summary>Once its expiry has passed, an event's key can be taken again (and then holds until the new expiry).</summary>
    /// <returns>A task that completes when the test passed.</returns>
    [Test]
    public async Task TryRegisterAsync_AfterExpiry_TakesTheKeyAgain()
    {
        var replays = CreateReplayStore(Store, Clock);
        await replays.TryRegisterAsync("e1", Start.AddMinutes(10)).ConfigureAwait(false);

        Clock.UtcNow = Start.AddMinutes(9);
        (await replays.TryRegisterAsync("e1", Start.AddMinutes(30)).ConfigureAwait(false)).Should().BeFalse("not expired yet");
        Clock.UtcNow = Start.AddMinutes(10);
        (await replays.TryRegisterAsync("e1", Start.AddMinutes(30)).ConfigureAwait(false)).Should().BeTrue("expired");
        (await replays.TryRegisterAsync("e1", Start.AddMinutes(30)).ConfigureAwait(false)).Should().BeFalse("registered again until the new expiry");
    }

    /// <summary>A forgotten event (its processing failed) is accepted when the sender retries it; forgetting an unknown key does nothing.</summary>
    /// <returns>A task that completes when the test passed.</returns>
    [Test]
    public async Task ForgetAsync_RegisteredKey_CanBeTakenAgain()
    {
        var replays = CreateReplayStore(Store, Clock);
        await replays.TryRegisterAsync("e1", Start.AddMinutes(10)).ConfigureAwait(false);

        await replays.ForgetAsync("e1").ConfigureAwait(false);
        await replays.ForgetAsync("never-registered").ConfigureAwait(false);

        (await replays.TryRegisterAsync("e1", Start.AddMinutes(10)).ConfigureAwait(false)).Should().BeTrue();
    }

    /// <summary>Two instances over the same state share the events: one's registration is the other's replay, and one's forget
    /// lets the other take the key.</summary>
    /// <returns>A task that completes when the test passed.</returns>
    [Test]
    public async Task TryRegisterAsync_TwoInstances_ShareTheEvents()
    {
        var first = CreateReplayStore(Store, Clock);
        var second = CreateReplayStore(await OpenAnotherInstanceAsync(TestCancellationToken).ConfigureAwait(false), Clock);

        (await first.TryRegisterAsync("e1", Start.AddMinutes(10)).ConfigureAwait(false)).Should().BeTrue();
        (await second.TryRegisterAsync("e1", Start.AddMinutes(10)).ConfigureAwait(false)).Should().BeFalse();
        await second.ForgetAsync("e1").ConfigureAwait(false);
        (await first.TryRegisterAsync("e1", Start.AddMinutes(10)).ConfigureAwait(false)).Should().BeTrue();
    }

    /// <summary>Of many registrations of one key at once, through two instances, exactly one takes it.</summary>
    /// <returns>A task that completes when the test passed.</returns>
    [Test]
    public async Task TryRegisterAsync_ConcurrentOnTwoInstances_ExactlyOneTakesTheKey()
    {
        var stores = new[] { CreateReplayStore(Store, Clock), CreateReplayStore(await OpenAnotherInstanceAsync(TestCancellationToken).ConfigureAwait(false), Clock) };

        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(i =>
            Task.Run(async () => await stores[i % 2].TryRegisterAsync("e1", Start.AddMinutes(10)).ConfigureAwait(false)))).ConfigureAwait(false);

        results.Count(taken => taken).Should().Be(1);
    }
}
