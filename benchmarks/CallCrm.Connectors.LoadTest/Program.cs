// Load test: N Twilio calls -> sync engine (SQLite state) -> HubSpot, against the vendor simulator in its own process
// with HubSpot's Professional limits and injected faults; then a naive one-request-per-call integration on the same
// settings for a fixed window. Writes JSON results and prints a table. See benchmarks/README.md, "Load test".
// dotnet run -c Release --project benchmarks/CallCrm.Connectors.LoadTest -- [--calls 50000] [--baseline-seconds 60]
//   [--fault-rate 0.01] [--seed 42] [--simulator path/CallCrm.Connectors.VendorSimulator.dll] [--output loadtest.json]
using System.Diagnostics;
using System.Text.Json;
using CallCrm.Connectors.LoadTest;

LoadTestArguments arguments;
try
{
    arguments = LoadTestArguments.Parse(args);
}
catch (Exception e) when (e is ArgumentException or FormatException or OverflowException)
{
    await Console.Error.WriteLineAsync("LoadTest: " + e.Message);
    return 2;
}

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};
var ct = cancellation.Token;
var startedAt = TimeProvider.System.GetUtcNow();
var allowedPerSecond = arguments.HubSpotTier.ToUpperInvariant() switch
{
    "FREEORSTARTER" => 10.0,
    "APILIMITINCREASE" => 25.0,
    _ => 19.0, // Professional and Enterprise: 190 per rolling 10 s
};

await using var simulator = await SimulatorProcess.StartAsync(arguments, ct);
using var admin = new SimulatorAdmin(simulator.BaseAddress);
Console.WriteLine($"Vendor simulator {simulator.BaseAddress} (own process): {arguments.Calls:N0} calls, HubSpot {arguments.HubSpotTier}, transient faults {arguments.FaultRate:P1} of requests, latency {arguments.LatencyMs} ms");

// Ours.
var statePath = Path.Combine(Path.GetTempPath(), $"callcrm-loadtest-{Environment.ProcessId}.db");
OursResult ours;
try
{
    Console.WriteLine($"Ours: syncing {arguments.Calls:N0} calls...");
    using var sampler = new MemorySampler();
    var (report, elapsed, wire, metrics) = await OursRun.RunAsync(simulator.BaseAddress, statePath, ct);
    var memory = sampler.Stop();
    using (metrics)
    {
        var state = await admin.GetStateAsync(ct);
        using var self = Process.GetCurrentProcess();
        self.Refresh();
        var seconds = elapsed.TotalSeconds;
        var unique = state.HubSpotCalls - state.HubSpotDuplicateCalls;
        ours = new OursResult
        {
            Records = report.Written,
            ElapsedSeconds = Math.Round(seconds, 2),
            RecordsPerSecond = Math.Round(report.Written / seconds, 1),
            Batches = metrics.Batches,
            BatchLatencyP50Ms = metrics.BatchLatencyMs(0.50),
            BatchLatencyP99Ms = metrics.BatchLatencyMs(0.99),
            Requests = wire.Requests,
            RequestsPerSecond = Math.Round(wire.Requests / seconds, 2),
            // Capped at 1: HubSpot's rolling window admits a whole window's allowance at once, so a run shorter than a few windows
            // can average more than the allowed rate without a single 429; RequestsPerSecond keeps the uncapped figure.
            RateUtilization = Math.Round(Math.Min(1, wire.Requests / seconds / allowedPerSecond), 3),
            Searches = wire.Searches,
            SearchesPerSecond = Math.Round(wire.Searches / seconds, 2),
            Throttled = wire.Throttled,
            HttpRetries = metrics.HttpRetries,
            EngineRetries = metrics.EngineRetries,
            RateLimitPauses = metrics.RateLimitPauses,
            ServerErrors = wire.Failed,
            Stored = unique,
            Lost = Math.Max(0, state.TwilioCalls - unique),
            Duplicates = state.HubSpotDuplicateCalls,
            Buffered = report.Buffered,
            DeadLettered = report.DeadLettered,
            PeakWorkingSetMB = MemorySampler.ToMB(self.PeakWorkingSet64),
            Memory = memory,
            Simulator = state,
        };
    }
}
finally
{
    foreach (var file in new[] { statePath, statePath + "-wal", statePath + "-shm" })
    {
        File.Delete(file);
    }
}

// The baseline, on a fresh simulator state with the same seed, faults and limits.
await admin.ResetAsync(ct);
Console.WriteLine($"Baseline: one POST per call, fixed 1 s retry, for {arguments.BaselineSeconds} s...");
var naive = new NaiveBaseline(simulator.BaseAddress);
await naive.RunAsync(TimeSpan.FromSeconds(arguments.BaselineSeconds), ct);
var baselineState = await admin.GetStateAsync(ct);
var baselineSeconds = naive.Elapsed.TotalSeconds;
var baseline = new BaselineResult
{
    Records = naive.Stored,
    ElapsedSeconds = Math.Round(baselineSeconds, 2),
    RecordsPerSecond = Math.Round(naive.Stored / baselineSeconds, 1),
    Requests = naive.Requests,
    RequestsPerSecond = Math.Round(naive.Requests / baselineSeconds, 2),
    // Requests HubSpot accepted per second against the allowed rate: the 429s it sent beyond the limit use none of it.
    RateUtilization = Math.Round(Math.Min(1, (naive.Requests - naive.Throttled) / baselineSeconds / allowedPerSecond), 3),
    Throttled = naive.Throttled,
    Retries = naive.Retries,
    GaveUp = naive.GaveUp,
    Stored = baselineState.HubSpotCalls - baselineState.HubSpotDuplicateCalls,
    Duplicates = baselineState.HubSpotDuplicateCalls,
    Simulator = baselineState,
};

var ratio = new RatioResult(
    RecordsPerSecond: baseline.RecordsPerSecond > 0 ? Math.Round(ours.RecordsPerSecond / baseline.RecordsPerSecond, 2) : double.PositiveInfinity,
    Throttled: baseline.Throttled > 0 ? Math.Round((double)ours.Throttled / baseline.Throttled, 4) : null,
    ThrottledPerRecord: baseline.Records > 0 && baseline.Throttled > 0 && ours.Records > 0
        ? Math.Round(((double)ours.Throttled / ours.Records) / ((double)baseline.Throttled / baseline.Records), 4)
        : 0);
var result = new LoadTestResult(
    startedAt,
    new LoadTestSettings(arguments.Calls, arguments.BaselineSeconds, arguments.FaultRate, arguments.LatencyMs, arguments.Seed, arguments.HubSpotTier, allowedPerSecond, Environment.ProcessorCount),
    ours,
    baseline,
    ratio);

var directory = Path.GetDirectoryName(Path.GetFullPath(arguments.OutputPath))!;
Directory.CreateDirectory(directory);
await using (var output = File.Create(arguments.OutputPath))
{
    await JsonSerializer.SerializeAsync(output, result, LoadTestJsonContext.Default.LoadTestResult, ct);
}

ResultTable.Print(result);
Console.WriteLine($"Results: {Path.GetFullPath(arguments.OutputPath)}");

// The check the run exists for: every call stored exactly once.
return ours.Lost == 0 && ours.Duplicates == 0 ? 0 : 1;
