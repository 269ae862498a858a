using SQLitePCL;

namespace CallCrm.Connectors.LoadTest;

/// <summary>Where the load test's memory goes while ours runs: samples the GC's committed memory and live heap once a second and
/// reads SQLite's own allocation high-water mark, so a peak working set can be split into managed, SQLite and the rest (runtime,
/// mapped code, other native memory).</summary>
internal sealed class MemorySampler : IDisposable
{
    private readonly Timer _timer;
    private long _peakCommitted;
    private long _peakHeap;

    public MemorySampler()
    {
        _timer = new Timer(_ => Sample(), null, TimeSpan.Zero, TimeSpan.FromSeconds(1));
    }

    /// <summary>Stops sampling and returns the peaks, in MB.</summary>
    public MemoryPeaks Stop()
    {
        _timer.Dispose();
        Sample();
        return new MemoryPeaks(
            GcCommittedMB: ToMB(Interlocked.Read(ref _peakCommitted)),
            ManagedHeapMB: ToMB(Interlocked.Read(ref _peakHeap)),
            SqliteMB: ToMB(raw.sqlite3_memory_highwater(0)));
    }

    public void Dispose() => _timer.Dispose();

    private void Sample()
    {
        var info = GC.GetGCMemoryInfo();
        Max(ref _peakCommitted, info.TotalCommittedBytes);
        Max(ref _peakHeap, info.HeapSizeBytes);
    }

    private static void Max(ref long peak, long value)
    {
        var current = Interlocked.Read(ref peak);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref peak, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }

    internal static double ToMB(long bytes) => Math.Round(bytes / (1024.0 * 1024.0), 1);
}

/// <summary>Peaks of the parts of the load test's memory that can be told apart from inside the process, in MB.</summary>
/// <param name="GcCommittedMB">Memory the GC had committed (live objects, free space it keeps for allocation, bookkeeping).</param>
/// <param name="ManagedHeapMB">The managed heap after a collection: what was really alive.</param>
/// <param name="SqliteMB">SQLite's allocation high-water mark (page caches, statements) over every connection.</param>
internal sealed record MemoryPeaks(double GcCommittedMB, double ManagedHeapMB, double SqliteMB);
