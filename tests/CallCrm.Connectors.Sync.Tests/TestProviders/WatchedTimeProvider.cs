using Microsoft.Extensions.Time.Testing;

namespace CallCrm.Connectors.Sync.Tests.TestProviders;

/// <summary>A fake clock that also says when code starts waiting on it, so tests move time only once the engine waits.</summary>
public sealed class WatchedTimeProvider(DateTimeOffset start) : FakeTimeProvider(start)
{
    private int _timersCreated;

    public int TimersCreated => Volatile.Read(ref _timersCreated);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        Interlocked.Increment(ref _timersCreated);
        return timer;
    }

    /// <summary>Yields until more than <paramref name="count"/> timers were created.</summary>
    public async Task WaitForTimerAfterAsync(int count)
    {
        for (var i = 0; i < 1_000_000 && TimersCreated <= count; i++)
        {
            await Task.Yield();
        }

        TimersCreated.Should().BeGreaterThan(count, "the engine should have started waiting on the clock");
    }
}
