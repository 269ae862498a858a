using System.Net;
using CallCrm.Connectors.Errors;
using CallCrm.Connectors.Http.Internal;
using CallCrm.Connectors.Http.RateLimiting;
using CallCrm.Connectors.Http.Tests.Infrastructure;
using CallCrm.Connectors.Providers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CallCrm.Connectors.Http.Tests.RateLimiting;

public class RateLimitHandlerTests
{
    private static readonly Uri Data = new("data", UriKind.Relative);
    private static readonly TimeSpan Margin = TimeSpan.FromMilliseconds(40);
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero));

    // Waits for the client to reach a state (requests arriving, queueing); the clock it runs on is fake.
    private static void Eventually(Func<bool> condition, string because) =>
        SpinWait.SpinUntil(condition, TimeSpan.FromSeconds(20)).Should().BeTrue(because);

    private ServiceProvider Build(VendorFake vendor, RateLimitPolicy policy, Action<ConnectorRateLimitOptions>? configure = null, Action<ConnectorHttpClientOptions>? client = null) =>
        TestClients.Build(
            vendor,
            client,
            builder => builder.AddRateLimit(policy, options =>
            {
                options.WindowSafetyMargin = Margin;
                configure?.Invoke(options);
            }),
            time);

    private static VendorRateLimiter Limiter(ServiceProvider services) => services.GetRequiredKeyedService<RateLimitState>(TestClients.Name).Limiter;

    [Test]
    public async Task SendAsync_MoreRequestsThanTheWindowAllows_WaitInLineAndAllSucceed()
    {
        await using var vendor = await VendorFake.StartAsync(app => app.Map("/data", () => "ok"));
        await using var services = Build(vendor, new RateLimitPolicy(10, TimeSpan.FromSeconds(1)));
        var client = services.Client(TestClients.Name);

        var calls = Enumerable.Range(0, 25).Select(_ => client.GetStringAsync(Data)).ToList();

        Eventually(() => vendor.Hits == 10 && Limiter(services).GetStatistics(new HttpRequestMessage())!.CurrentQueuedCount == 15, "ten go at once, fifteen wait");
        time.Advance(TimeSpan.FromSeconds(1) + Margin);
        Eventually(() => vendor.Hits == 20, "the next ten go when the window has passed");
        vendor.Hits.Should().Be(20);
        time.Advance(TimeSpan.FromSeconds(1) + Margin);
        (await Task.WhenAll(calls)).Should().OnlyContain(answer => answer == "ok");
        vendor.Hits.Should().Be(25);
    }

    [Test]
    public async Task SendAsync_TooManyRequestsWithRetryAfter_PausesEveryRequestUntilThen()
    {
        var calls = 0;
        await using var vendor = await VendorFake.StartAsync(app => app.Map("/data", (HttpContext context) =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                context.Response.Headers.RetryAfter = "30";
                return Results.StatusCode(429);
            }

            return Results.Text("ok");
        }));
        await using var services = Build(vendor, new RateLimitPolicy(100, TimeSpan.FromSeconds(10)), client: o => o.Retry.MaxRetryAfter = TimeSpan.FromSeconds(10));
        var client = services.Client(TestClients.Name);

        var first = () => client.GetStringAsync(Data);
        (await first.Should().ThrowAsync<ConnectorException>()).Which.Error.RetryAfter.Should().Be(TimeSpan.FromSeconds(30));
        Limiter(services).PausedUntil.Should().Be(time.GetUtcNow().AddSeconds(30));

        var second = client.GetStringAsync(Data);
        Eventually(() => Limiter(services).GetStatistics(new HttpRequestMessage())!.CurrentQueuedCount == 1, "the next request waits for the pause");
        vendor.Hits.Should().Be(1);
        time.Advance(TimeSpan.FromSeconds(30));
        (await second).Should().Be("ok");
        vendor.Hits.Should().Be(2);
    }

    [Test]
    public async Task SendAsync_VendorSaysNothingRemains_PausesUntilItsWindowResets()
    {
        await using var vendor = await VendorFake.StartAsync(app => app.Map("/data", (HttpContext context) =>
        {
            context.Response.Headers["X-RateLimit-Remaining"] = "0";
            context.Response.Headers["X-RateLimit-Reset"] = "5";
            return "ok";
        }));
        await using var services = Build(vendor, new RateLimitPolicy(100, TimeSpan.FromSeconds(10)));

        await services.Client(TestClients.Name).GetStringAsync(Data);

        Limiter(services).PausedUntil.Should().Be(time.GetUtcNow().AddSeconds(5));
    }

    [Test]
    public async Task SendAsync_ConcurrencyLimit_KeepsAtMostThatManyInFlight()
    {
        var inFlight = 0;
        var maxInFlight = 0;
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var vendor = await VendorFake.StartAsync(app => app.Map("/data", async () =>
        {
            var now = Interlocked.Increment(ref inFlight);
            InterlockedMax(ref maxInFlight, now);
            await gate.Task;
            Interlocked.Decrement(ref inFlight);
            return "ok";
        }));
        await using var services = Build(vendor, new RateLimitPolicy(100, TimeSpan.FromSeconds(10), MaxConcurrentRequests: 2));
        var client = services.Client(TestClients.Name);

        var calls = Enumerable.Range(0, 6).Select(_ => client.GetStringAsync(Data)).ToList();
        var concurrency = services.GetRequiredKeyedService<RateLimitState>(TestClients.Name).Concurrency!;
        // Both handlers inside the endpoint (not just counted on arrival), so the peak is seen before the gate opens.
        Eventually(() => Volatile.Read(ref inFlight) == 2 && concurrency.GetStatistics()!.CurrentQueuedCount == 4, "two in flight, four waiting");
        gate.SetResult();

        (await Task.WhenAll(calls)).Should().HaveCount(6);
        maxInFlight.Should().Be(2);
    }

    [Test]
    public async Task SendAsync_QueueFull_FailsAtOnceWithRateLimited()
    {
        await using var vendor = await VendorFake.StartAsync(app => app.Map("/data", () => "ok"));
        await using var services = Build(vendor, new RateLimitPolicy(1, TimeSpan.FromSeconds(10)), o => o.QueueLimit = 1);
        var client = services.Client(TestClients.Name);
        await client.GetStringAsync(Data);
        var queued = client.GetStringAsync(Data);
        Eventually(() => Limiter(services).GetStatistics(new HttpRequestMessage())!.CurrentQueuedCount == 1, "the second request waits");

        var act = () => client.GetStringAsync(Data);

        var exception = (await act.Should().ThrowAsync<ConnectorException>()).Which;
        exception.Code.Should().Be(ConnectorErrorCode.RateLimited);
        exception.IsTransient.Should().BeTrue();
        time.Advance(TimeSpan.FromSeconds(10) + Margin);
        (await queued).Should().Be("ok");
    }

    [Test]
    public async Task SendAsync_DailyBudgetSpent_ThrowsBudgetExhaustedWithoutCallingTheVendor()
    {
        await using var vendor = await VendorFake.StartAsync(app => app.Map("/data", () => "ok"));
        await using var services = Build(vendor, new RateLimitPolicy(100, TimeSpan.FromSeconds(10)) { DailyBudget = 2 });
        var client = services.Client(TestClients.Name);
        await client.GetStringAsync(Data);
        await client.GetStringAsync(Data);

        var act = () => client.GetStringAsync(Data);

        var exception = (await act.Should().ThrowAsync<ConnectorException>()).Which;
        exception.Code.Should().Be(ConnectorErrorCode.BudgetExhausted);
        exception.Error.RetryAfter.Should().Be(TimeSpan.FromHours(15));
        vendor.Hits.Should().Be(2);
    }

    [Test]
    public async Task SendAsync_SearchPath_CountsAgainstTheSearchLimit()
    {
        await using var vendor = await VendorFake.StartAsync(app => app.Map("/{**path}", () => "ok"));
        await using var services = Build(vendor, new RateLimitPolicy(100, TimeSpan.FromSeconds(10)) { Search = new RateLimitPolicy(1, TimeSpan.FromSeconds(1)) });
        var client = services.Client(TestClients.Name);
        await client.GetStringAsync(new Uri("crm/v3/objects/contacts/search", UriKind.Relative));

        var secondSearch = client.GetStringAsync(new Uri("crm/v3/objects/contacts/search", UriKind.Relative));
        Eventually(() => Limiter(services).GetStatistics(new HttpRequestMessage())!.CurrentQueuedCount == 1, "the second search waits");
        (await client.GetStringAsync(Data)).Should().Be("ok");
        vendor.Hits.Should().Be(2);

        time.Advance(TimeSpan.FromSeconds(1) + Margin);
        (await secondSearch).Should().Be("ok");
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
