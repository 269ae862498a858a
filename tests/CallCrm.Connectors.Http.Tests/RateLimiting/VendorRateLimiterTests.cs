using System.Threading.RateLimiting;
using CallCrm.Connectors.Http.RateLimiting;
using CallCrm.Connectors.Providers;
using Microsoft.Extensions.Time.Testing;

namespace CallCrm.Connectors.Http.Tests.RateLimiting;

public class VendorRateLimiterTests
{
    private static readonly TimeSpan Margin = TimeSpan.FromMilliseconds(40);
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 3, 1, 8, 0, 0, 123, TimeSpan.Zero));

    private static HttpRequestMessage Get(string path = "crm/v3/objects/contacts") => new(HttpMethod.Get, new Uri("https://api.example.com/" + path));

    private VendorRateLimiter Create(RateLimitPolicy policy, int queueLimit = 1000) =>
        new(policy, new ConnectorRateLimitOptions { WindowSafetyMargin = Margin, QueueLimit = queueLimit }, time);

    [Test]
    public async Task AcquireAsync_UpToTheLimit_GrantsAtOnceThenQueuesUntilTheWindowPasses()
    {
        using var limiter = Create(new RateLimitPolicy(5, TimeSpan.FromSeconds(2)));
        for (var i = 0; i < 5; i++)
        {
            (await limiter.AcquireAsync(Get())).IsAcquired.Should().BeTrue();
        }

        var sixth = limiter.AcquireAsync(Get()).AsTask();
        time.Advance(TimeSpan.FromSeconds(2));
        sixth.IsCompleted.Should().BeFalse("the window plus its safety margin has not passed yet");
        time.Advance(Margin);
        sixth.IsCompleted.Should().BeTrue();
        (await sixth).IsAcquired.Should().BeTrue();
    }

    [Test]
    public void AcquireAsync_SteadyDemand_NeverExceedsTheLimitInAnyFixedWindowAndUsesOver95Percent()
    {
        // The vendor counts in fixed 2 s windows whose alignment we do not know; try many alignments.
        var policy = new RateLimitPolicy(50, TimeSpan.FromSeconds(2));
        using var limiter = Create(policy);
        var start = time.GetUtcNow();
        var grants = new List<DateTimeOffset>();
        var pending = new List<Task<RateLimitLease>>();
        var random = new Random(7);
        while (time.GetUtcNow() - start < TimeSpan.FromSeconds(60))
        {
            // Bursty demand, always more than the limit allows, so the limiter is the bottleneck.
            for (var i = random.Next(0, 8); i > 0 && pending.Count < 200; i--)
            {
                pending.Add(limiter.AcquireAsync(Get()).AsTask());
            }

            foreach (var done in pending.Where(t => t.IsCompleted).ToList())
            {
                done.Result.IsAcquired.Should().BeTrue();
                grants.Add(time.GetUtcNow());
                pending.Remove(done);
            }

            time.Advance(TimeSpan.FromMilliseconds(random.Next(1, 15)));
        }

        for (var offsetMs = 0; offsetMs < 2000; offsetMs += 7)
        {
            var windowStart = start.AddMilliseconds(offsetMs);
            while (windowStart < start.AddSeconds(58))
            {
                var end = windowStart + policy.Window;
                grants.Count(g => g >= windowStart && g < end).Should().BeLessThanOrEqualTo(50);
                windowStart = end;
            }
        }

        var utilization = grants.Count / (60.0 * policy.RequestsPerSecond);
        utilization.Should().BeGreaterThan(0.95).And.BeLessThanOrEqualTo(1.0);
    }

    [Test]
    public void AcquireAsync_SecondaryWindow_SpreadsTheMainWindowEvenlyAndStillUsesOver95Percent()
    {
        // HubSpot's shape: 190 per 10 s, at most 19 in any second.
        var policy = new RateLimitPolicy(190, TimeSpan.FromSeconds(10)) { Secondary = new RateLimitPolicy(19, TimeSpan.FromSeconds(1)) };
        using var limiter = new VendorRateLimiter(policy, new ConnectorRateLimitOptions(), time);
        var start = time.GetUtcNow();
        var grants = new List<DateTimeOffset>();
        var pending = Enumerable.Range(0, 600).Select(_ => limiter.AcquireAsync(Get()).AsTask()).ToList();
        while (time.GetUtcNow() - start < TimeSpan.FromSeconds(30))
        {
            foreach (var done in pending.Where(t => t.IsCompleted).ToList())
            {
                done.Result.IsAcquired.Should().BeTrue();
                grants.Add(time.GetUtcNow());
                pending.Remove(done);
            }

            time.Advance(TimeSpan.FromMilliseconds(5));
        }

        for (var from = start; from < start.AddSeconds(29); from = from.AddMilliseconds(50))
        {
            var until = from.AddSeconds(1);
            grants.Count(g => g >= from && g < until).Should().BeLessThanOrEqualTo(19, "no second holds more than the secondary window");
        }

        grants.Count(g => g < start.AddSeconds(1)).Should().BeLessThanOrEqualTo(19, "a waiting crowd does not go out as one burst");
        (grants.Count / (30 * 19.0)).Should().BeGreaterThan(0.95);
    }

    [Test]
    public async Task PauseUntil_HoldsEveryRequestUntilThen()
    {
        using var limiter = Create(new RateLimitPolicy(100, TimeSpan.FromSeconds(10)));
        limiter.PauseUntil(time.GetUtcNow().AddSeconds(30));

        var waiting = limiter.AcquireAsync(Get()).AsTask();
        time.Advance(TimeSpan.FromSeconds(29));
        waiting.IsCompleted.Should().BeFalse();
        time.Advance(TimeSpan.FromSeconds(1));
        waiting.IsCompleted.Should().BeTrue();
        (await waiting).IsAcquired.Should().BeTrue();
    }

    [Test]
    public void PauseUntil_EarlierThanTheCurrentPause_IsIgnored()
    {
        using var limiter = Create(new RateLimitPolicy(100, TimeSpan.FromSeconds(10)));
        var later = time.GetUtcNow().AddSeconds(30);
        limiter.PauseUntil(later);
        limiter.PauseUntil(time.GetUtcNow().AddSeconds(5));

        limiter.PausedUntil.Should().Be(later);
    }

    [Test]
    public async Task AcquireAsync_SearchRequest_NeedsTheSearchWindowButDoesNotBlockOtherRequests()
    {
        using var limiter = Create(new RateLimitPolicy(100, TimeSpan.FromSeconds(10)) { Search = new RateLimitPolicy(2, TimeSpan.FromSeconds(1)) });
        (await limiter.AcquireAsync(Get("crm/v3/objects/contacts/search"))).IsAcquired.Should().BeTrue();
        (await limiter.AcquireAsync(Get("crm/v3/objects/contacts/search"))).IsAcquired.Should().BeTrue();

        var thirdSearch = limiter.AcquireAsync(Get("crm/v3/objects/contacts/search")).AsTask();
        var marked = limiter.AcquireAsync(Get("query").MarkAsSearch()).AsTask();
        var ordinary = limiter.AcquireAsync(Get()).AsTask();

        thirdSearch.IsCompleted.Should().BeFalse();
        marked.IsCompleted.Should().BeFalse();
        ordinary.IsCompleted.Should().BeTrue("a queued search must not hold back requests that only need the general window");
        time.Advance(TimeSpan.FromSeconds(1) + Margin);
        thirdSearch.IsCompleted.Should().BeTrue();
        marked.IsCompleted.Should().BeTrue();
        (await thirdSearch).IsAcquired.Should().BeTrue();
        (await marked).IsAcquired.Should().BeTrue();
    }

    [Test]
    public async Task AcquireAsync_QueueLimitZeroAndPermitsFree_GrantsUntilTheWindowIsFullThenRefuses()
    {
        using var limiter = Create(new RateLimitPolicy(2, TimeSpan.FromSeconds(1)), queueLimit: 0);

        (await limiter.AcquireAsync(Get())).IsAcquired.Should().BeTrue("a free permit needs no place in the queue");
        (await limiter.AcquireAsync(Get())).IsAcquired.Should().BeTrue();
        (await limiter.AcquireAsync(Get())).IsAcquired.Should().BeFalse("the window is full and no request may wait");
    }

    [Test]
    public async Task AcquireAsync_QueueFull_FailsAtOnceWithReason()
    {
        using var limiter = Create(new RateLimitPolicy(1, TimeSpan.FromSeconds(1)), queueLimit: 2);
        (await limiter.AcquireAsync(Get())).IsAcquired.Should().BeTrue();
        _ = limiter.AcquireAsync(Get()).AsTask();
        _ = limiter.AcquireAsync(Get()).AsTask();

        var lease = await limiter.AcquireAsync(Get());

        lease.IsAcquired.Should().BeFalse();
        lease.TryGetMetadata(MetadataName.ReasonPhrase, out var reason).Should().BeTrue();
        reason.Should().Contain("queue");
    }

    [Test]
    public async Task AcquireAsync_DailyBudgetSpent_FailsUntilTheNextUtcDay()
    {
        using var limiter = Create(new RateLimitPolicy(100, TimeSpan.FromSeconds(1)) { DailyBudget = 3 });
        for (var i = 0; i < 3; i++)
        {
            (await limiter.AcquireAsync(Get())).IsAcquired.Should().BeTrue();
        }

        var refused = (VendorLease)await limiter.AcquireAsync(Get());
        refused.IsAcquired.Should().BeFalse();
        refused.IsBudgetExhausted.Should().BeTrue();
        refused.RetryAfter.Should().Be(new DateTimeOffset(2026, 3, 2, 0, 0, 0, TimeSpan.Zero) - time.GetUtcNow());

        time.Advance(refused.RetryAfter!.Value);
        (await limiter.AcquireAsync(Get())).IsAcquired.Should().BeTrue();
    }

    [Test]
    public async Task AcquireAsync_Cancelled_LeavesTheQueueAndLetsOthersThrough()
    {
        using var limiter = Create(new RateLimitPolicy(1, TimeSpan.FromSeconds(1)));
        (await limiter.AcquireAsync(Get())).IsAcquired.Should().BeTrue();
        using var cancellation = new CancellationTokenSource();
        var cancelled = limiter.AcquireAsync(Get(), cancellationToken: cancellation.Token).AsTask();
        var next = limiter.AcquireAsync(Get()).AsTask();

        await cancellation.CancelAsync();
        await FluentActions.Awaiting(() => cancelled).Should().ThrowAsync<OperationCanceledException>();
        limiter.GetStatistics(Get())!.CurrentQueuedCount.Should().Be(1);
        time.Advance(TimeSpan.FromSeconds(1) + Margin);
        next.IsCompleted.Should().BeTrue();
        (await next).IsAcquired.Should().BeTrue();
    }

    [Test]
    public async Task AttemptAcquire_NoPermitFree_FailsWithRetryAfter()
    {
        using var limiter = Create(new RateLimitPolicy(1, TimeSpan.FromSeconds(1)));
        limiter.AttemptAcquire(Get()).IsAcquired.Should().BeTrue();

        var lease = limiter.AttemptAcquire(Get());

        lease.IsAcquired.Should().BeFalse();
        lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter).Should().BeTrue();
        retryAfter.Should().BeGreaterThan(TimeSpan.FromSeconds(1));
        await Task.CompletedTask;
    }
}
