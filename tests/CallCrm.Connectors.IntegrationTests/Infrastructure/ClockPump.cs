using Microsoft.Extensions.Time.Testing;

namespace CallCrm.Connectors.IntegrationTests.Infrastructure;

internal static class ClockPump
{
    /// <summary>Runs an operation while moving a fake clock on whenever it waits (batch delays, rate-limit windows, retry back-off).</summary>
    public static async Task<T> RunAsync<T>(FakeTimeProvider time, Func<Task<T>> action)
    {
        var task = action();
        while (!task.IsCompleted)
        {
            await Task.WhenAny(task, Task.Delay(2));
            if (!task.IsCompleted)
            {
                time.Advance(TimeSpan.FromMilliseconds(200));
            }
        }

        return await task;
    }
}
