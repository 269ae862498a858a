using Microsoft.Extensions.Time.Testing;

namespace CallCrm.Connectors.Sync.Tests.Simulation;

/// <summary>The simulation's virtual clock: time moves only when the scheduler moves it, and a pushed record's driver can wait until
/// the ingestion loop waits for its batch deadline (a timer due within <see cref="BatchDelay"/>) before moving it.</summary>
internal sealed class SimClock(DateTimeOffset start, TimeSpan batchDelay) : FakeTimeProvider(start)
{
    private readonly object _lock = new();
    private TaskCompletionSource? _batchTimer;

    public TimeSpan BatchDelay { get; } = batchDelay;

    /// <summary>Returns a task that completes when the next timer due within <see cref="BatchDelay"/> is created.</summary>
    public Task ExpectBatchTimer()
    {
        lock (_lock)
        {
            _batchTimer = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _batchTimer.Task;
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        if (dueTime > TimeSpan.Zero && dueTime <= BatchDelay)
        {
            TaskCompletionSource? waiting;
            lock (_lock)
            {
                waiting = _batchTimer;
                _batchTimer = null;
            }

            waiting?.TrySetResult();
        }

        return timer;
    }
}
