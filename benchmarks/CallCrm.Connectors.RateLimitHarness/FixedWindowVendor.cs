using System.Diagnostics;
using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CallCrm.Connectors.RateLimitHarness;

/// <summary>A vendor on 127.0.0.1 that counts requests in fixed windows (aligned at a random offset the client does
/// not know) and answers 429 beyond the limit, with the usual X-RateLimit-Remaining/Reset and Retry-After headers.</summary>
internal sealed class FixedWindowVendor : IAsyncDisposable
{
    private readonly object gate = new();
    private readonly int limit;
    private readonly TimeSpan window;
    private readonly TimeSpan offset;
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private readonly Dictionary<long, int> accepted = [];
    private WebApplication? app;
    private long currentWindow = -1;
    private int countInWindow;
    private int rejected;

    public FixedWindowVendor(int limit, TimeSpan window, TimeSpan offset)
    {
        this.limit = limit;
        this.window = window;
        this.offset = offset;
    }

    public Uri BaseAddress { get; private set; } = null!;

    public int Rejected => Volatile.Read(ref rejected);

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        app = builder.Build();
        app.Map("/api/calls", Handle);
        await app.StartAsync();
        BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/");
    }

    /// <summary>Gets the accepted count of every window that ended between <paramref name="from"/> and <paramref name="to"/> (vendor time).</summary>
    public IReadOnlyList<int> CompletedWindows(TimeSpan from, TimeSpan to)
    {
        lock (gate)
        {
            return accepted.Where(w => w.Key * window.Ticks - offset.Ticks >= from.Ticks && (w.Key + 1) * window.Ticks - offset.Ticks <= to.Ticks)
                .OrderBy(w => w.Key).Select(w => w.Value).ToList();
        }
    }

    public TimeSpan Now => clock.Elapsed;

    public async ValueTask DisposeAsync()
    {
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    private IResult Handle(HttpContext context)
    {
        var now = clock.Elapsed + offset;
        var index = now.Ticks / window.Ticks;
        var untilReset = TimeSpan.FromTicks(((index + 1) * window.Ticks) - now.Ticks);
        int remaining;
        bool ok;
        lock (gate)
        {
            if (index != currentWindow)
            {
                currentWindow = index;
                countInWindow = 0;
            }

            ok = countInWindow < limit;
            if (ok)
            {
                countInWindow++;
                accepted[index] = countInWindow;
            }

            remaining = limit - countInWindow;
        }

        var headers = context.Response.Headers;
        headers["X-RateLimit-Limit"] = limit.ToString(CultureInfo.InvariantCulture);
        headers["X-RateLimit-Remaining"] = remaining.ToString(CultureInfo.InvariantCulture);
        headers["X-RateLimit-Reset"] = untilReset.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture);
        if (ok)
        {
            return Results.Text("{\"ok\":true}", "application/json");
        }

        Interlocked.Increment(ref rejected);
        headers.RetryAfter = Math.Ceiling(untilReset.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        return Results.StatusCode(429);
    }
}
