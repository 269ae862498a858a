// Freshness: from a call's end in the vendor simulator to its activity in the (simulated) HubSpot, push and poll side by side.
//   push: the simulator posts Twilio status callbacks to app.MapTwilioStatusCallbacks("/twilio/status") in this process, which
//         ingests them (CallLogSync.IngestAsync); no pull runs.
//   poll: the hosted service runs the stream every --poll-interval-seconds; no callbacks are acted on.
// The end of a call is the moment the harness asks the simulator to end it; delivery is when the CRM confirmed the call's
// final version (a sink decorator). Writes benchmarks/results/freshness.json. See benchmarks/README.md, "Freshness".
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using CallCrm.Connectors.Freshness;
using CallCrm.Connectors.Hosting;
using CallCrm.Connectors.HubSpot;
using CallCrm.Connectors.Security.Redaction;
using CallCrm.Connectors.VendorSimulator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

var settings = new Dictionary<string, string>(StringComparer.Ordinal)
{
    ["--push-calls"] = "150", ["--poll-calls"] = "60", ["--rate"] = "5", ["--poll-interval-seconds"] = "10", ["--batch-delay-ms"] = "50",
    ["--duplicate-rate"] = "0.1", ["--reorder-rate"] = "0.1", ["--seed"] = "42",
    ["--output"] = Path.Combine("benchmarks", "results", "freshness.json"),
    ["--simulator"] = Path.Combine(AppContext.BaseDirectory, "CallCrm.Connectors.VendorSimulator.dll"),
};
for (var i = 0; i + 1 < args.Length; i += 2)
{
    settings[args[i]] = settings.ContainsKey(args[i]) ? args[i + 1] : throw new ArgumentException($"Unknown option {args[i]}.");
}

int Int(string name) => int.Parse(settings[name], CultureInfo.InvariantCulture);
double Double(string name) => double.Parse(settings[name], CultureInfo.InvariantCulture);

var port = FreePort();
var callbackUrl = $"http://127.0.0.1:{port}/twilio/status";
await using var simulator = await SimulatorProcess.StartAsync(settings["--simulator"],
[
    "--port", "0", "--calls", "0", "--contacts", "50", "--seed", settings["--seed"], "--callback-url", callbackUrl,
    "--callback-duplicate-rate", settings["--duplicate-rate"], "--callback-reorder-rate", settings["--reorder-rate"],
]);
using var admin = new HttpClient { BaseAddress = simulator.BaseAddress };
var interval = TimeSpan.FromSeconds(1 / Double("--rate"));

var push = await MeasureAsync("push", Int("--push-calls"), poll: false);
var poll = await MeasureAsync("poll", Int("--poll-calls"), poll: true);

var result = new
{
    machine = $"{Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}",
    loopback = true,
    rate_per_second = Double("--rate"),
    push_batch_delay_ms = Int("--batch-delay-ms"),
    poll_interval_seconds = Int("--poll-interval-seconds"),
    callback_duplicate_rate = Double("--duplicate-rate"),
    callback_reorder_rate = Double("--reorder-rate"),
    push,
    poll,
};
var json = JsonSerializer.Serialize(result, new JsonSerializerOptions { WriteIndented = true });
Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(settings["--output"]))!);
await File.WriteAllTextAsync(settings["--output"], json + "\n");
Console.WriteLine($"| mode | calls | delivered | p50 | p99 | max |");
Console.WriteLine($"| --- | --- | --- | --- | --- | --- |");
foreach (var m in new[] { push, poll })
{
    Console.WriteLine($"| {m.Mode} | {m.Calls} | {m.Delivered} | {m.P50Ms:0} ms | {m.P99Ms:0} ms | {m.MaxMs:0} ms |");
}

return push.Delivered == push.Calls && poll.Delivered == poll.Calls ? 0 : 1;

async Task<ModeResult> MeasureAsync(string mode, int calls, bool poll)
{
    var state = Path.Combine(Path.GetTempPath(), $"callcrm-freshness-{mode}-{Guid.NewGuid():N}.db");
    var clock = new DeliveryClock();
    var builder = WebApplication.CreateSlimBuilder();
    builder.Logging.ClearProviders().AddSimpleConsole().SetMinimumLevel(LogLevel.Warning).AddFilter("CallCrm.Connectors.Twilio.Webhooks", LogLevel.Error);
    builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port));
    builder.Services.AddTwilioCallSource(o =>
    {
        o.BaseAddress = simulator.BaseAddress;
        o.AllowInsecureLoopback = true;
        o.AccountSid = SimulatorCredentials.TwilioAccountSid;
        o.AuthToken = new Secret(SimulatorCredentials.TwilioAuthToken);
        o.InitialLookback = TimeSpan.FromHours(1);
    });
    builder.Services.AddHubSpotCrm(o =>
    {
        o.BaseAddress = simulator.BaseAddress;
        o.AllowInsecureLoopback = true;
        o.AccessToken = new Secret(SimulatorCredentials.HubSpotAccessToken);
        o.Tier = HubSpotAccountTier.Professional;
    });
    builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IStreamSinkDecorator>(clock));
    builder.Services.AddCallCrmConnectors(c => c
        .UseSqliteStateStore(o => o.DataSource = state)
        .AddCallLogStream("calls", source: "twilio", sink: "hubspot", s =>
        {
            s.Sync.MaxBatchDelay = TimeSpan.FromMilliseconds(Int("--batch-delay-ms"));
            s.Sync.PollInterval = TimeSpan.FromSeconds(Int("--poll-interval-seconds"));
        })
        .Configure(o => o.RunStreams = poll));
    await using var app = builder.Build();
    if (!poll)
    {
        app.MapTwilioStatusCallbacks("/twilio/status");
    }

    await app.StartAsync();
    var prefix = mode == "push" ? "CA1" : "CA2";
    double coldStartMs = 0;
    if (!poll)
    {
        // Warm-up, reported apart: the first callbacks after start pay for JIT, the state file and the HubSpot client.
        for (var i = 0; i < 5; i++)
        {
            var sid = "CA3" + i.ToString("x31", CultureInfo.InvariantCulture);
            await PostAsync("_sim/twilio/calls", $$"""{"sid":"{{sid}}","from":"+14155550100","to":"+14155550199","status":"in-progress"}""");
            clock.Ended("twilio:" + sid);
            await PostAsync($"_sim/twilio/calls/{sid}", """{"status":"completed","durationSeconds":42}""");
        }

        var warm = TimeProvider.System.GetUtcNow() + TimeSpan.FromSeconds(30);
        while (clock.Delivered < 5 && TimeProvider.System.GetUtcNow() < warm)
        {
            await Task.Delay(100);
        }

        coldStartMs = clock.Freshness().Max(f => f?.TotalMilliseconds ?? 0);
        clock.Reset();
    }

    for (var i = 0; i < calls; i++)
    {
        var sid = prefix + i.ToString("x31", CultureInfo.InvariantCulture);
        if (!poll)
        {
            await PostAsync("_sim/twilio/calls", $$"""{"sid":"{{sid}}","from":"+14155550100","to":"+14155550199","status":"in-progress"}""");
            clock.Ended("twilio:" + sid);
            await PostAsync($"_sim/twilio/calls/{sid}", """{"status":"completed","durationSeconds":42}""");
        }
        else
        {
            var start = TimeProvider.System.GetUtcNow().AddSeconds(-42).ToString("O", CultureInfo.InvariantCulture);
            clock.Ended("twilio:" + sid);
            await PostAsync("_sim/twilio/calls", $$"""{"sid":"{{sid}}","from":"+14155550100","to":"+14155550199","status":"completed","startTime":"{{start}}","durationSeconds":42}""");
        }

        await Task.Delay(interval);
    }

    // Every call delivered, or two poll intervals (plus a minute) after the last end.
    var deadline = TimeProvider.System.GetUtcNow() + TimeSpan.FromSeconds(60 + (2 * Int("--poll-interval-seconds")));
    while (clock.Delivered < calls && TimeProvider.System.GetUtcNow() < deadline)
    {
        await Task.Delay(200);
    }

    await app.StopAsync();
    var freshness = clock.Freshness();
    var done = freshness.Where(f => f is not null).Select(f => f!.Value.TotalMilliseconds).Order().ToArray();
    var slowest = freshness.Select((f, i) => (Call: i, Ms: f?.TotalMilliseconds ?? double.NaN)).Where(x => !double.IsNaN(x.Ms)).OrderByDescending(x => x.Ms).Take(5)
        .Select(x => $"call {x.Call}: {x.Ms:0} ms").ToArray();
    return new ModeResult(mode, calls, done.Length, Percentile(done, 0.50), Percentile(done, 0.99), done.Length == 0 ? 0 : done[^1], coldStartMs, slowest);
}

async Task PostAsync(string path, string json)
{
    using var content = new StringContent(json, Encoding.UTF8, "application/json");
    using var response = await admin.PostAsync(new Uri(path, UriKind.Relative), content);
    response.EnsureSuccessStatusCode();
}

static double Percentile(double[] sorted, double p) =>
    sorted.Length == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];

static int FreePort()
{
    using var listener = new TcpListener(IPAddress.Loopback, 0);
    listener.Start();
    return ((IPEndPoint)listener.LocalEndpoint).Port;
}

internal sealed record ModeResult(string Mode, int Calls, int Delivered, double P50Ms, double P99Ms, double MaxMs, double ColdStartMaxMs, string[] Slowest);
