using CallCrm.Connectors.Sync.Internal;
using CallCrm.Connectors.Sync.Tests.TestProviders;

namespace CallCrm.Connectors.Sync.Tests.Internal;

/// <summary>The end-of-run drain: rounds until the outbox is empty, waits as the sink asks, and is bounded by time and by fruitless rounds.</summary>
public sealed class FinalDrainTests
{
    private static readonly DateTimeOffset Start = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);

    [Test]
    public async Task RunAsync_SinkMakesProgressEachRound_WaitsItsRetryAfterAndStopsAtTheTimeout()
    {
        var time = new WatchedTimeProvider(Start);
        var counters = new RunCounters();
        var rounds = new List<DateTimeOffset>();
        var drain = new FinalDrain(time, TimeSpan.FromMinutes(2), TimeSpan.FromSeconds(1));

        var task = drain.RunAsync(
            _ =>
            {
                rounds.Add(time.GetUtcNow());
                counters.Add(1, 0, 0, 0);
                return Task.FromResult(false);
            },
            () => TimeSpan.FromSeconds(30),
            counters,
            CancellationToken.None,
            CancellationToken.None);
        await AdvanceEachWaitAsync(time, task, TimeSpan.FromSeconds(30));

        (await task).Should().BeFalse();
        rounds.Select(r => (r - Start).TotalSeconds).Should().Equal([0, 30, 60, 90, 120], "each round waits the sink's 30 s, none starts past the 2 min timeout");
    }

    [Test]
    public async Task RunAsync_NothingSettlesThreeRoundsInARow_GivesUpAsAnOutage()
    {
        var time = new WatchedTimeProvider(Start);
        var rounds = 0;
        var drain = new FinalDrain(time, TimeSpan.FromHours(1), TimeSpan.FromSeconds(1));

        var task = drain.RunAsync(_ => Task.FromResult(++rounds == 0), () => null, new RunCounters(), CancellationToken.None, CancellationToken.None);
        await AdvanceEachWaitAsync(time, task, TimeSpan.FromSeconds(1));

        (await task).Should().BeFalse();
        rounds.Should().Be(FinalDrain.FruitlessRounds);
    }

    [Test]
    public async Task RunAsync_OutboxEmptiesOnTheSecondRound_ReturnsTrue()
    {
        var time = new WatchedTimeProvider(Start);
        var rounds = 0;
        var drain = new FinalDrain(time, TimeSpan.FromMinutes(2), TimeSpan.FromSeconds(1));

        var task = drain.RunAsync(_ => Task.FromResult(++rounds == 2), () => TimeSpan.FromSeconds(5), new RunCounters(), CancellationToken.None, CancellationToken.None);
        await time.WaitForTimerAfterAsync(0);
        time.Advance(TimeSpan.FromSeconds(4));
        task.IsCompleted.Should().BeFalse("the sink asked for 5 s");
        time.Advance(TimeSpan.FromSeconds(1));

        (await task).Should().BeTrue();
        rounds.Should().Be(2);
    }

    [Test]
    public async Task RunAsync_ZeroTimeout_DrainsOnceWithoutWaiting()
    {
        var time = new WatchedTimeProvider(Start);
        var rounds = 0;
        var drain = new FinalDrain(time, TimeSpan.Zero, TimeSpan.Zero);

        (await drain.RunAsync(_ => Task.FromResult(++rounds == 5), () => null, new RunCounters(), CancellationToken.None, CancellationToken.None)).Should().BeFalse();
        rounds.Should().Be(1);
    }

    /// <summary>Moves the clock by <paramref name="step"/> each time the drain starts waiting on it, until it ends.</summary>
    private static async Task AdvanceEachWaitAsync(WatchedTimeProvider time, Task task, TimeSpan step)
    {
        var seen = 0;
        while (true)
        {
            for (var i = 0; i < 1_000_000 && !task.IsCompleted && time.TimersCreated <= seen; i++)
            {
                await Task.Yield();
            }

            if (task.IsCompleted)
            {
                return;
            }

            seen = time.TimersCreated;
            time.Advance(step);
        }
    }
}
