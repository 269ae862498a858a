using System;

namespace CallCrm.Connectors.Http.RateLimiting;

/// <summary>The exact record of the last <see cref="Limit"/> grants: a new grant is allowed only when fewer than
/// <see cref="Limit"/> grants happened within the last <see cref="Period"/> (a grant at t counts during [t, t + Period)).</summary>
/// <remarks>
/// Why a log and not a fixed window, a segmented sliding window or a token bucket: the vendor counts requests in fixed
/// windows whose boundaries we do not know. A fixed window of ours can send a full window's worth at the end of one of
/// our windows and again at the start of the next, both inside one vendor window (twice the limit). A segmented sliding
/// window still lets up to one segment's worth through twice. A token bucket allows its full burst on top of its
/// refill. Only a log of grant times guarantees that <em>every</em> stretch of <see cref="Period"/>, wherever it starts,
/// holds at most <see cref="Limit"/> grants; with <see cref="Period"/> = vendor window + a small margin for network
/// jitter, every vendor window sees at most the limit, and the steady rate is limit / (window + margin), for example
/// 98% of the allowed rate with a 2% margin. Memory is one timestamp per grant inside the period (8 bytes each).
/// </remarks>
internal sealed class SlidingLogWindow
{
    private long[] grants;
    private int start;
    private int count;

    public SlidingLogWindow(int limit, TimeSpan period)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(period, TimeSpan.Zero);
        Limit = limit;
        Period = period;
        // Grown on demand: memory follows the grants actually inside the period, not the (possibly large) limit.
        grants = new long[Math.Min(limit, 64)];
    }

    public int Limit { get; }

    public TimeSpan Period { get; }

    public int Available(DateTimeOffset now)
    {
        Prune(now);
        return Limit - count;
    }

    /// <summary>Gets when <paramref name="permits"/> grants will be allowed (now, if they are).</summary>
    public DateTimeOffset NextAvailable(DateTimeOffset now, int permits)
    {
        Prune(now);
        var missing = permits - (Limit - count);
        if (missing <= 0)
        {
            return now;
        }

        // The missing-th oldest grant has to leave the period; a grant at t counts during [t, t + Period).
        var oldestToExpire = grants[(start + missing - 1) % grants.Length];
        return new DateTimeOffset(oldestToExpire + Period.Ticks, TimeSpan.Zero);
    }

    public void Record(DateTimeOffset now, int permits)
    {
        if (count + permits > grants.Length)
        {
            Grow(Math.Min(Limit, Math.Max(count + permits, grants.Length * 2)));
        }

        for (var i = 0; i < permits; i++)
        {
            grants[(start + count) % grants.Length] = now.UtcTicks;
            count++;
        }
    }

    private void Grow(int capacity)
    {
        var larger = new long[capacity];
        for (var i = 0; i < count; i++)
        {
            larger[i] = grants[(start + i) % grants.Length];
        }

        grants = larger;
        start = 0;
    }

    private void Prune(DateTimeOffset now)
    {
        var cutoff = now.UtcTicks - Period.Ticks;
        while (count > 0 && grants[start] <= cutoff)
        {
            start = (start + 1) % grants.Length;
            count--;
        }
    }
}
