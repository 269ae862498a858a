using System;
using System.Collections.Generic;

namespace CallCrm.Connectors.VendorSimulator.Infrastructure;

/// <summary>
/// A rolling-window request limiter on the simulator's clock (HubSpot's TEN_SECONDLY_ROLLING and SECONDLY policies):
/// at most <c>limit</c> admitted requests in any window of <c>window</c> length. Rejected requests do not count.
/// </summary>
internal sealed class RollingWindowLimiter
{
    private readonly Queue<DateTimeOffset> admitted = new();
    private readonly object gate = new();

    public RollingWindowLimiter(TimeSpan window) => Window = window;

    public TimeSpan Window { get; }

    /// <summary>Tries to admit a request at <paramref name="now"/>.</summary>
    /// <returns>Whether it was admitted, how many remain in the window, and when the oldest admitted request leaves it.</returns>
    public (bool Admitted, int Remaining, TimeSpan RetryAfter) TryAcquire(DateTimeOffset now, int limit)
    {
        lock (gate)
        {
            while (admitted.Count > 0 && admitted.Peek() + Window <= now)
            {
                admitted.Dequeue();
            }

            if (admitted.Count >= limit)
            {
                return (false, 0, admitted.Peek() + Window - now);
            }

            admitted.Enqueue(now);
            return (true, limit - admitted.Count, TimeSpan.Zero);
        }
    }

    public void Reset()
    {
        lock (gate)
        {
            admitted.Clear();
        }
    }
}
