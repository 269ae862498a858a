// Measures how much of a vendor's allowed request rate the connector HTTP client uses, and how many 429s it draws,
// against a real Kestrel server on 127.0.0.1 enforcing a fixed-window limit, over real time.
//
//   dotnet run -c Release --project benchmarks/CallCrm.Connectors.RateLimitHarness -- [seconds] [limit] [windowSeconds] [workers] [marginMs]
//
// Defaults: 20 s, 50 requests per 2 s window, 16 concurrent workers, the limiter's default safety margin (2% of the window).
using System.Diagnostics;
using System.Globalization;
using CallCrm.Connectors.Errors;
using CallCrm.Connectors.Providers;
using CallCrm.Connectors.RateLimitHarness;
using Microsoft.Extensions.DependencyInjection;

var seconds = Arg(0, 20);
var limit = Arg(1, 50);
var windowSeconds = Arg(2, 2);
var workers = Arg(3, 16);
var marginMs = args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : (int?)null;
var window = TimeSpan.FromSeconds(windowSeconds);

// The vendor's window boundaries fall where the client cannot know them.
var offset = TimeSpan.FromMilliseconds(Random.Shared.Next(0, (int)window.TotalMilliseconds));
await using var vendor = new FixedWindowVendor(limit, window, offset);
await vendor.StartAsync();

var services = new ServiceCollection();
services.AddLogging();
services.AddCallCrmHttpClient("vendor", o =>
    {
        o.BaseAddress = vendor.BaseAddress;
        o.AllowInsecureLoopback = true;
        o.SystemName = "Fixed-window vendor";
        // A 429 must show up in the count, not be hidden by a retry.
        o.Retry.MaxRetryAttempts = 0;
    })
    .AddRateLimit(new RateLimitPolicy(limit, window), o =>
    {
        o.WindowSafetyMargin = marginMs is { } ms ? TimeSpan.FromMilliseconds(ms) : null;
    });
await using var provider = services.BuildServiceProvider();
var client = provider.GetRequiredService<IHttpClientFactory>().CreateClient("vendor");
var marginText = marginMs is { } chosen ? chosen.ToString(CultureInfo.InvariantCulture) + " ms" : "default (2% of the window)";

Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"Vendor: {limit} requests per {windowSeconds} s fixed window, boundary offset {offset.TotalMilliseconds:0} ms; client: {workers} workers, safety margin {marginText}; running {seconds} s..."));

var succeeded = 0;
var rateLimited = 0;
var otherFailures = 0;
var successTimes = new System.Collections.Concurrent.ConcurrentBag<TimeSpan>();
using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
var start = vendor.Now;
var stopwatch = Stopwatch.StartNew();
var tasks = Enumerable.Range(0, workers).Select(async _ =>
{
    while (!stop.IsCancellationRequested)
    {
        try
        {
            using var response = await client.GetAsync(new Uri("api/calls", UriKind.Relative), stop.Token);
            successTimes.Add(stopwatch.Elapsed);
            Interlocked.Increment(ref succeeded);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            break;
        }
        catch (ConnectorException ex) when (ex.Code == ConnectorErrorCode.RateLimited)
        {
            Interlocked.Increment(ref rateLimited);
        }
        catch (ConnectorException)
        {
            Interlocked.Increment(ref otherFailures);
        }
    }
}).ToList();
await Task.WhenAll(tasks);
var elapsed = stopwatch.Elapsed;
var end = vendor.Now;

var allowed = limit * elapsed.TotalSeconds / window.TotalSeconds;
var utilization = succeeded / allowed;
var windows = vendor.CompletedWindows(start, end);
// Steady state: the windows after the first one (which the client's opening burst may only partly fill).
var steady = windows.Skip(1).ToList();
var steadyUtilization = steady.Count == 0 ? double.NaN : steady.Average() / limit;

// A run of T seconds holds ceil(T / period) bursts, so "succeeded / allowed" over a short run can read high by up to
// one window's worth. The sustained rate leaves the last window's requests out and divides by the time from the first
// answer to the last: requests sent per second once the limiter is the bottleneck, against the vendor's allowed rate.
var times = successTimes.Order().ToList();
var sustained = times.Count > limit ? (times.Count - limit) / (times[^1] - times[0]).TotalSeconds / (limit / window.TotalSeconds) : double.NaN;

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Elapsed:                 {elapsed.TotalSeconds:0.00} s"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Succeeded:               {succeeded} of {allowed:0} allowed ({utilization:P1} utilization)"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Sustained rate:          {sustained:P1} of the allowed rate"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Complete vendor windows: {windows.Count}, accepted per window: {string.Join(' ', windows)}"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Steady-state windows:    {steadyUtilization:P1} of the limit on average, max {(steady.Count == 0 ? 0 : steady.Max())} of {limit}"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"429 answers (vendor):    {vendor.Rejected}"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"RateLimited errors:      {rateLimited}, other failures: {otherFailures}"));
return vendor.Rejected == 0 && sustained >= 0.95 ? 0 : 1;

int Arg(int index, int fallback) => args.Length > index ? int.Parse(args[index], CultureInfo.InvariantCulture) : fallback;

