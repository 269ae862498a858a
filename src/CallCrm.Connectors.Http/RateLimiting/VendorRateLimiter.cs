using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Threading;
using System.Threading.RateLimiting;
using System.Threading.Tasks;
using CallCrm.Connectors.Providers;

namespace CallCrm.Connectors.Http.RateLimiting;

/// <summary>Keeps one vendor client under its <see cref="RateLimitPolicy"/>: the request window, the separate search
/// window, the daily budget and pauses the vendor asks for. Requests wait in order (bounded) rather than fail.</summary>
/// <remarks>
/// One instance per client name lives for the application's lifetime (handlers are recycled by the factory, limits are
/// not). A search request needs a permit of both windows, granted at the same instant, so neither permit goes stale
/// while waiting for the other. Time comes from <see cref="TimeProvider"/>, so tests drive it with a fake clock.
/// </remarks>
internal sealed class VendorRateLimiter : PartitionedRateLimiter<HttpRequestMessage>
{
    private readonly object gate = new();
    private readonly TimeProvider timeProvider;
    private readonly SlidingLogWindow general;
    private readonly SlidingLogWindow? search;
    private readonly SlidingLogWindow? secondary;
    private readonly long? dailyBudget;
    private readonly int queueLimit;
    private readonly Func<HttpRequestMessage, bool> isSearch;
    private readonly LinkedList<Waiter> generalQueue = new();
    private readonly LinkedList<Waiter> searchQueue = new();
    private readonly ITimer timer;
    private DateTimeOffset pausedUntil = DateTimeOffset.MinValue;
    private DateTimeOffset? timerDue;
    private DateOnly budgetDay;
    private long usedToday;
    private long sequence;
    private int queuedPermits;
    private long successfulLeases;
    private long failedLeases;
    private bool disposed;

    public VendorRateLimiter(RateLimitPolicy policy, ConnectorRateLimitOptions options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(options);
        this.timeProvider = timeProvider;
        general = new SlidingLogWindow(policy.PermitLimit, policy.Window + options.MarginFor(policy.Window));
        search = policy.Search is { } s ? new SlidingLogWindow(s.PermitLimit, s.Window + options.MarginFor(s.Window)) : null;
        secondary = policy.Secondary is { } p ? new SlidingLogWindow(p.PermitLimit, p.Window + options.MarginFor(p.Window)) : null;
        dailyBudget = policy.DailyBudget;
        queueLimit = options.QueueLimit;
        isSearch = options.IsSearchRequest is { } predicate
            ? request => ConnectorHttpRequestOptions.IsSearch(request) || predicate(request)
            : request => ConnectorHttpRequestOptions.IsSearch(request) || HasSearchSegment(request);
        timer = timeProvider.CreateTimer(static state => ((VendorRateLimiter)state!).OnTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Gets the time until which every request waits, because the vendor asked for a pause.</summary>
    public DateTimeOffset PausedUntil
    {
        get
        {
            lock (gate)
            {
                return pausedUntil;
            }
        }
    }

    /// <summary>Holds every request back until <paramref name="until"/> (a later pause wins; an earlier one is ignored).</summary>
    public void PauseUntil(DateTimeOffset until)
    {
        lock (gate)
        {
            if (until <= pausedUntil)
            {
                return;
            }

            pausedUntil = until;
            Pump(timeProvider.GetUtcNow());
        }
    }

    public override RateLimiterStatistics? GetStatistics(HttpRequestMessage resource)
    {
        lock (gate)
        {
            return new RateLimiterStatistics
            {
                CurrentAvailablePermits = general.Available(timeProvider.GetUtcNow()),
                CurrentQueuedCount = queuedPermits,
                TotalSuccessfulLeases = successfulLeases,
                TotalFailedLeases = failedLeases,
            };
        }
    }

    protected override RateLimitLease AttemptAcquireCore(HttpRequestMessage resource, int permitCount)
    {
        ArgumentNullException.ThrowIfNull(resource);
        var searchRequest = search is not null && isSearch(resource);
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            var now = timeProvider.GetUtcNow();
            if (BudgetExhausted(now, permitCount))
            {
                return Fail(VendorLease.BudgetExhausted(NextDay(now) - now));
            }

            var queueEmpty = generalQueue.Count == 0 && (!searchRequest || searchQueue.Count == 0);
            if (queueEmpty && CanGrant(searchRequest, permitCount, now))
            {
                Grant(searchRequest, permitCount, now);
                return VendorLease.Acquired;
            }

            return Fail(VendorLease.Throttled(NextDue(searchRequest, permitCount, now) - now));
        }
    }

    protected override ValueTask<RateLimitLease> AcquireAsyncCore(HttpRequestMessage resource, int permitCount, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(resource);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(permitCount, general.Limit);
        var searchRequest = search is not null && isSearch(resource);
        Waiter waiter;
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            var now = timeProvider.GetUtcNow();
            if (BudgetExhausted(now, permitCount))
            {
                return ValueTask.FromResult(Fail(VendorLease.BudgetExhausted(NextDay(now) - now)));
            }

            // A permit free now is granted without queueing (as System.Threading.RateLimiting's limiters do), so a queue limit of
            // zero refuses only the requests that would have to wait.
            var queueEmpty = generalQueue.Count == 0 && (!searchRequest || searchQueue.Count == 0);
            if (queueEmpty && CanGrant(searchRequest, permitCount, now))
            {
                Grant(searchRequest, permitCount, now);
                return ValueTask.FromResult<RateLimitLease>(VendorLease.Acquired);
            }

            if (queuedPermits + permitCount > queueLimit)
            {
                return ValueTask.FromResult(Fail(VendorLease.QueueFull));
            }

            waiter = new Waiter(searchRequest, permitCount, ++sequence);
            waiter.Node = (searchRequest ? searchQueue : generalQueue).AddLast(waiter);
            queuedPermits += permitCount;
            Pump(now);
            if (waiter.Completion.Task.IsCompleted)
            {
                return new ValueTask<RateLimitLease>(waiter.Completion.Task);
            }
        }

        if (cancellationToken.CanBeCanceled)
        {
            waiter.Registration = cancellationToken.UnsafeRegister(
                static (state, token) => ((VendorRateLimiter)((object[])state!)[0]).Cancel((Waiter)((object[])state!)[1], token),
                new object[] { this, waiter });
        }

        return new ValueTask<RateLimitLease>(waiter.Completion.Task);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (!disposing)
        {
            return;
        }

        lock (gate)
        {
            if (disposed)
            {
                return;
            }

            disposed = true;
            foreach (var waiter in new List<Waiter>([.. generalQueue, .. searchQueue]))
            {
                Remove(waiter);
                waiter.Completion.TrySetException(new ObjectDisposedException(nameof(VendorRateLimiter)));
            }
        }

        timer.Dispose();
    }

    private static bool HasSearchSegment(HttpRequestMessage request) =>
        request.RequestUri is { } uri && (uri.IsAbsoluteUri ? uri.AbsolutePath : uri.OriginalString)
            .Split('?', 2)[0].Split('/').AsSpan().Contains("search");

    private static DateTimeOffset NextDay(DateTimeOffset now) => new(now.UtcDateTime.Date.AddDays(1), TimeSpan.Zero);

    private bool BudgetExhausted(DateTimeOffset now, int permits)
    {
        if (dailyBudget is not { } budget)
        {
            return false;
        }

        var today = DateOnly.FromDateTime(now.UtcDateTime);
        if (today != budgetDay)
        {
            budgetDay = today;
            usedToday = 0;
        }

        return usedToday + permits > budget;
    }

    private bool CanGrant(bool searchRequest, int permits, DateTimeOffset now) =>
        now >= pausedUntil
        && general.Available(now) >= permits
        && (secondary is null || secondary.Available(now) >= permits)
        && (!searchRequest || search!.Available(now) >= permits);

    private DateTimeOffset NextDue(bool searchRequest, int permits, DateTimeOffset now)
    {
        var due = general.NextAvailable(now, permits);
        if (secondary?.NextAvailable(now, permits) is { } secondaryDue && secondaryDue > due)
        {
            due = secondaryDue;
        }

        if (searchRequest && search!.NextAvailable(now, permits) is var searchDue && searchDue > due)
        {
            due = searchDue;
        }

        return due > pausedUntil ? due : pausedUntil > now ? pausedUntil : now;
    }

    private void Grant(bool searchRequest, int permits, DateTimeOffset now)
    {
        general.Record(now, permits);
        secondary?.Record(now, permits);
        if (searchRequest)
        {
            search!.Record(now, permits);
        }

        usedToday += permits;
        successfulLeases++;
    }

    private RateLimitLease Fail(RateLimitLease lease)
    {
        failedLeases++;
        return lease;
    }

    // Grants queued requests in arrival order across both queues as far as the windows allow, then arms the timer
    // for the moment the first waiting request can go. Called under the lock.
    private void Pump(DateTimeOffset now)
    {
        while (true)
        {
            if (generalQueue.First is { } first && BudgetExhausted(now, first.Value.Permits))
            {
                FailAll(VendorLease.BudgetExhausted(NextDay(now) - now));
                break;
            }

            Waiter? next = null;
            if (generalQueue.First?.Value is { } g && CanGrant(false, g.Permits, now))
            {
                next = g;
            }

            if (searchQueue.First?.Value is { } s && CanGrant(true, s.Permits, now) && (next is null || s.Sequence < next.Sequence)
                && !BudgetExhausted(now, s.Permits))
            {
                next = s;
            }

            if (next is null)
            {
                break;
            }

            Remove(next);
            Grant(next.Search, next.Permits, now);
            next.Completion.TrySetResult(VendorLease.Acquired);
        }

        DateTimeOffset? due = null;
        if (generalQueue.First?.Value is { } generalHead)
        {
            due = NextDue(false, generalHead.Permits, now);
        }

        if (searchQueue.First?.Value is { } searchHead && NextDue(true, searchHead.Permits, now) is var searchDue && (due is null || searchDue < due))
        {
            due = searchDue;
        }

        if (due != timerDue)
        {
            timerDue = due;
            timer.Change(due is { } at ? (at > now ? at - now : TimeSpan.Zero) : Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }
    }

    private void FailAll(RateLimitLease lease)
    {
        foreach (var waiter in new List<Waiter>([.. generalQueue, .. searchQueue]))
        {
            Remove(waiter);
            failedLeases++;
            waiter.Completion.TrySetResult(lease);
        }
    }

    private void OnTimer()
    {
        lock (gate)
        {
            if (disposed)
            {
                return;
            }

            timerDue = null;
            Pump(timeProvider.GetUtcNow());
        }
    }

    private void Cancel(Waiter waiter, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            if (waiter.Node?.List is null)
            {
                return;
            }

            Remove(waiter);
            waiter.Completion.TrySetCanceled(cancellationToken);
            Pump(timeProvider.GetUtcNow());
        }
    }

    private void Remove(Waiter waiter)
    {
        if (waiter.Node?.List is { } list)
        {
            list.Remove(waiter.Node);
            queuedPermits -= waiter.Permits;
        }

        waiter.Registration.Dispose();
    }

    private sealed class Waiter(bool search, int permits, long sequence)
    {
        public bool Search { get; } = search;

        public int Permits { get; } = permits;

        public long Sequence { get; } = sequence;

        public TaskCompletionSource<RateLimitLease> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public LinkedListNode<Waiter>? Node { get; set; }

        public CancellationTokenRegistration Registration { get; set; }
    }
}
