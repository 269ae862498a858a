using System.Threading;

namespace CallCrm.Connectors.Sync.Internal;

/// <summary>Thread-safe counters of one run (or of the stream's push ingestion).</summary>
internal sealed class RunCounters
{
    private long _read;
    private long _written;
    private long _unchanged;
    private long _buffered;
    private long _deadLettered;

    public long Read => Interlocked.Read(ref _read);

    public long Written => Interlocked.Read(ref _written);

    public long Unchanged => Interlocked.Read(ref _unchanged);

    public long Buffered => Interlocked.Read(ref _buffered);

    public long DeadLettered => Interlocked.Read(ref _deadLettered);

    public void AddRead(long n) => Interlocked.Add(ref _read, n);

    public void Add(long written, long unchanged, long buffered, long deadLettered)
    {
        Interlocked.Add(ref _written, written);
        Interlocked.Add(ref _unchanged, unchanged);
        Interlocked.Add(ref _buffered, buffered);
        Interlocked.Add(ref _deadLettered, deadLettered);
    }

    public SyncProgress Snapshot(string stream, string runId) => new(stream, runId, Read, Written, Unchanged, Buffered, DeadLettered);
}
