using System.Diagnostics;
using System.Globalization;

namespace CallCrm.Connectors.Benchmarks;

/// <summary>One catch-up run of N records through the engine, timed with a Stopwatch, with the process's peak working set.
/// Run once per process (<c>-- --engine 100000</c>, <c>-- --engine 1000000</c>, <c>-- --engine-outbox 100000</c>,
/// <c>-- --engine-drain 100000</c>) so that the peak belongs to that record count alone.</summary>
internal static class EngineThroughputStopwatch
{
    public static void Run(int count, bool sinkDown, bool drain = false)
    {
        var directory = Path.Combine(Path.GetTempPath(), "callcrm-engine-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            var (store, engine, stream, sink) = EngineBenchmarkSetup.CreateWithSinkAsync(directory, count, sinkDown || drain).GetAwaiter().GetResult();
            if (drain)
            {
                // Fill the outbox while the CRM is down (not timed), then time the drain once it is back.
                stream.RunOnceAsync().GetAwaiter().GetResult();
                sink.Down = false;
            }

            var stopwatch = Stopwatch.StartNew();
            var report = drain ? null : stream.RunOnceAsync().GetAwaiter().GetResult();
            if (drain)
            {
                stream.DrainOutboxAsync().AsTask().GetAwaiter().GetResult();
            }

            stopwatch.Stop();
            using var process = Process.GetCurrentProcess();
            process.Refresh();
            var settled = drain ? sink.Written : sinkDown ? report!.Buffered : report!.Written;
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{(drain ? "drain" : sinkDown ? "outbox" : "deliver")} records={count:N0} settled={settled:N0} elapsed={stopwatch.Elapsed.TotalSeconds:F2}s rate={settled / stopwatch.Elapsed.TotalSeconds:N0}/s peakWorkingSet={process.PeakWorkingSet64 / 1024 / 1024:N0}MiB gcHeap={GC.GetTotalMemory(false) / 1024 / 1024:N0}MiB gen2={GC.CollectionCount(2)}"));
            engine.DisposeAsync().AsTask().GetAwaiter().GetResult();
            store.Dispose();
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }
}
