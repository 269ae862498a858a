using System.Globalization;

namespace CallCrm.Connectors.LoadTest;

/// <summary>The console summary of a result.</summary>
internal static class ResultTable
{
    public static void Print(LoadTestResult result)
    {
        var (ours, baseline) = (result.Ours, result.Baseline);
        Console.WriteLine();
        Row("", "ours", "baseline");
        Row("records stored", N(ours.Records), N(baseline.Records));
        Row("elapsed (s)", N(ours.ElapsedSeconds), N(baseline.ElapsedSeconds));
        Row("records/s", N(ours.RecordsPerSecond), N(baseline.RecordsPerSecond));
        Row("requests/s (allowed " + N(result.Settings.AllowedRequestsPerSecond) + ")", N(ours.RequestsPerSecond), N(baseline.RequestsPerSecond));
        Row("rate utilization", ours.RateUtilization.ToString("P1", CultureInfo.InvariantCulture), baseline.RateUtilization.ToString("P1", CultureInfo.InvariantCulture));
        Row("searches/s", N(ours.SearchesPerSecond), "-");
        Row("429s", N(ours.Throttled), N(baseline.Throttled));
        Row("faults (5xx / drops / lost)", Faults(ours.Simulator), Faults(baseline.Simulator));
        Row("retries (http / engine)", $"{N(ours.HttpRetries)} / {N(ours.EngineRetries)}", N(baseline.Retries));
        Row("batch p50 / p99 (ms)", $"{N(ours.BatchLatencyP50Ms)} / {N(ours.BatchLatencyP99Ms)}", "-");
        Row("lost / duplicates", $"{N(ours.Lost)} / {N(ours.Duplicates)}", $"gave up {N(baseline.GaveUp)} / {N(baseline.Duplicates)}");
        Row("peak working set (MB)", N(ours.PeakWorkingSetMB), "-");
        Row("  of it GC / live / SQLite (MB)", $"{N(ours.Memory.GcCommittedMB)} / {N(ours.Memory.ManagedHeapMB)} / {N(ours.Memory.SqliteMB)}", "-");
        Console.WriteLine();
        Console.WriteLine($"ours/baseline: records/s x{N(result.Ratio.RecordsPerSecond)}, 429s x{(result.Ratio.Throttled is { } t ? N(t) : "n/a")}");
    }

    private static string Faults(SimulatorCounters s) => $"{N(s.ErrorsInjected)} / {N(s.DropsInjected)} / {N(s.LostResponses)}";

    private static string N(double value) => value.ToString("#,0.##", CultureInfo.InvariantCulture);

    private static void Row(string name, string ours, string baseline) => Console.WriteLine($"{name,-32} {ours,16} {baseline,16}");
}
