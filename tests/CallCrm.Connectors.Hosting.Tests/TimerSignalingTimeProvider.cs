using Microsoft.Extensions.Time.Testing;

namespace CallCrm.Connectors.Hosting.Tests;

/// <summary>A <see cref="FakeTimeProvider"/> that tells a test when the code under test has started waiting: each timer created
/// with a given due time is counted, so a test can move the clock only once the wait it means to end exists.</summary>
/// <param name="start">The clock's start.</param>
public sealed class TimerSignalingTimeProvider(DateTimeOffset start) : FakeTimeProvider(start)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<TimeSpan, int> _created = [];
    private readonly List<(TimeSpan DueTime, int Count, TaskCompletionSource Signal)> _waiters = [];

    /// <inheritdoc />
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        List<TaskCompletionSource> ready;
        lock (_gate)
        {
            var count = _created[dueTime] = _created.GetValueOrDefault(dueTime) + 1;
            ready = _waiters.Where(w => w.DueTime == dueTime && w.Count <= count).Select(w => w.Signal).ToList();
            _waiters.RemoveAll(w => ready.Contains(w.Signal));
        }

        // Signalled after the timer is armed: a test that advances the clock when this completes fires it.
        ready.ForEach(signal => signal.TrySetResult());
        return timer;
    }

    /// <summary>Completes when <paramref name="count"/> timers due after <paramref name="dueTime"/> have been created since the start.</summary>
    /// <param name="dueTime">The due time the timers were created with (a <c>Task.Delay</c>'s delay).</param>
    /// <param name="count">How many such timers to wait for.</param>
    /// <param name="cancellationToken">Bounds the wait (a test's <c>[CancelAfter]</c> token).</param>
    /// <returns>A task that completes when the timers exist.</returns>
    public Task WaitForTimersAsync(TimeSpan dueTime, int count, CancellationToken cancellationToken)
    {
        var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (_created.GetValueOrDefault(dueTime) >= count)
            {
                return Task.CompletedTask;
            }

            _waiters.Add((dueTime, count, signal));
        }

        return signal.Task.WaitAsync(cancellationToken);
    }
}
