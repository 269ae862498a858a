using System;
using System.Collections.Generic;
using System.Diagnostics.Metrics;
using System.Linq;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;

namespace CallCrm.Connectors.Security.Audit;

/// <summary>The audit log's write queue and its one writer, which commits entries in groups.</summary>
/// <remarks>Entries are committed in the order they were handed over: a group is written as soon as <c>MaxBatchSize</c> entries wait,
/// within <c>FlushInterval</c> of the first, or at once when an immediate appender or a flush asks. A group the store refuses is tried
/// again after the interval (buffered entries are never dropped while the log runs); its immediate appenders get the failure.</remarks>
internal sealed class AuditGroupCommitter : IAsyncDisposable
{
    private readonly object owner;
    private readonly AuditChainAppender chain;
    private readonly TimeProvider timeProvider;
    private readonly ILogger logger;
    private readonly TimeSpan flushInterval;
    private readonly int maxBatchSize;
    private readonly Channel<PendingAuditEntry> queue;
    private readonly SemaphoreSlim wake = new(0, 1);
    private readonly ITimer flushTimer;
    private readonly AuditMetrics metrics;
    private readonly Task writer;

    // Entries handed over and not yet durable (the queue-depth gauge; also the trigger for a full batch).
    private long queued;

    // 1 while a wake-up of the writer is pending, so that a burst of appenders releases the semaphore once.
    private int wakePending;

    // 1 while the flush timer runs for the entries waiting: armed by the first entry after the writer emptied the queue.
    private int timerArmed;

    private volatile bool stopping;

    /// <param name="owner">The log, named when an entry is handed over after disposal.</param>
    /// <param name="chain">Commits each group.</param>
    /// <param name="options">The queue's capacity, the group size and the flush interval.</param>
    /// <param name="timeProvider">The clock of the flush interval.</param>
    /// <param name="logger">Logs failed and lost groups.</param>
    /// <param name="meterFactory">Creates the meter of the queue depth and the group commits, if given.</param>
    public AuditGroupCommitter(object owner, AuditChainAppender chain, AuditLogOptions options, TimeProvider timeProvider, ILogger logger, IMeterFactory? meterFactory)
    {
        this.owner = owner;
        this.chain = chain;
        this.timeProvider = timeProvider;
        this.logger = logger;
        flushInterval = options.FlushInterval;
        maxBatchSize = options.MaxBatchSize;
        queue = Channel.CreateBounded<PendingAuditEntry>(new BoundedChannelOptions(options.BufferCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
        });
        flushTimer = timeProvider.CreateTimer(static state => ((AuditGroupCommitter)state!).Wake(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        metrics = new AuditMetrics(meterFactory, () => Interlocked.Read(ref queued));
        writer = Task.Run(RunWriterAsync);
    }

    /// <summary>Gets how many entries were handed over and are not durable yet.</summary>
    public long PendingCount => Interlocked.Read(ref queued);

    /// <summary>Writes every entry handed over so far, then stops the writer. Entries handed over later are refused.</summary>
    public async ValueTask DisposeAsync()
    {
        stopping = true;
        queue.Writer.TryComplete();
        Wake();
        await writer.ConfigureAwait(false);
        await flushTimer.DisposeAsync().ConfigureAwait(false);
        metrics.Dispose();

        // The wake-up semaphore is not disposed: a late Wake() from an appender that raced the shutdown must not throw, and a
        // SemaphoreSlim whose wait handle was never asked for holds nothing to release.
    }

    public ValueTask QueueAsync(PendingAuditEntry pending, CancellationToken cancellationToken)
    {
        if (queue.Writer.TryWrite(pending))
        {
            Queued(pending);
            return ValueTask.CompletedTask;
        }

        return QueueSlowAsync(pending, cancellationToken);
    }

    private async ValueTask QueueSlowAsync(PendingAuditEntry pending, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(stopping, owner);

        // Full: the writer must be making room already; make sure it is awake, then wait (backpressure, never a drop).
        Wake();
        try
        {
            await queue.Writer.WriteAsync(pending, cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException ex)
        {
            throw new ObjectDisposedException(nameof(HashChainedAuditLog), ex);
        }

        Queued(pending);
    }

    private void Queued(PendingAuditEntry pending)
    {
        if (pending.Entry is null)
        {
            return;
        }

        if (Interlocked.Increment(ref queued) >= maxBatchSize)
        {
            Wake();
        }
        else if (Volatile.Read(ref timerArmed) == 0 && Interlocked.CompareExchange(ref timerArmed, 1, 0) == 0)
        {
            // The first entry of a batch starts the interval within which it becomes durable.
            flushTimer.Change(flushInterval, Timeout.InfiniteTimeSpan);
        }
    }

    public void Wake()
    {
        if (Interlocked.Exchange(ref wakePending, 1) == 0)
        {
            wake.Release();
        }
    }

    private async Task RunWriterAsync()
    {
        var batch = new List<PendingAuditEntry>(maxBatchSize);
        var reader = queue.Reader;
        while (true)
        {
            await wake.WaitAsync().ConfigureAwait(false);
            Volatile.Write(ref wakePending, 0);
            while (true)
            {
                // Take everything waiting, a batch at a time: entries that arrive while a batch is written join the next one.
                while (batch.Count < maxBatchSize && reader.TryRead(out var item))
                {
                    batch.Add(item);
                }

                if (batch.Count == 0)
                {
                    break;
                }

                await WriteBatchAsync(batch).ConfigureAwait(false);
                batch.Clear();
            }

            // Disarm, then look again: an entry queued after the last read either saw the timer disarmed and armed it, or is seen here.
            Volatile.Write(ref timerArmed, 0);
            if (reader.Count > 0 && Interlocked.CompareExchange(ref timerArmed, 1, 0) == 0)
            {
                flushTimer.Change(flushInterval, Timeout.InfiniteTimeSpan);
            }

            if (stopping && reader.Completion.IsCompleted)
            {
                return;
            }
        }
    }

    /// <summary>Commits one batch: buffered entries are tried until the store takes them (or the log stops); an immediate appender gets
    /// the failure; flush markers complete once everything before them is durable.</summary>
    private async Task WriteBatchAsync(List<PendingAuditEntry> batch)
    {
        while (true)
        {
            var entries = new List<AuditEntry>(batch.Count);
            foreach (var item in batch)
            {
                if (item.Entry is { } entry)
                {
                    entries.Add(entry);
                }
            }

            var started = timeProvider.GetTimestamp();
            Exception? failure = null;
            AuditRecord[] records = [];
            try
            {
                if (entries.Count > 0)
                {
                    records = await chain.AppendAsync(entries).ConfigureAwait(false);
                }
            }
#pragma warning disable CA1031 // The writer must outlive any failure of the store: the entries wait for the next attempt.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                failure = ex;
            }

            if (failure is null)
            {
                metrics.Flushed(entries.Count, timeProvider.GetElapsedTime(started));
                Interlocked.Add(ref queued, -entries.Count);
                var next = 0;
                foreach (var item in batch)
                {
                    if (item.Entry is not null)
                    {
                        item.Appended?.TrySetResult(records[next]);
                        next++;
                    }
                    else
                    {
                        item.Flushed!.TrySetResult();
                    }
                }

                return;
            }

            // Immediate appenders learn of the failure now, as they did when each append wrote on its own.
            var immediates = batch.FindAll(item => item.Appended is not null);
            batch.RemoveAll(item => item.Appended is not null);
            Interlocked.Add(ref queued, -immediates.Count);
            foreach (var item in immediates)
            {
                item.Appended!.TrySetException(failure);
            }

            var buffered = batch.Count(item => item.Entry is not null);
            if (buffered == 0)
            {
                // Only immediate entries failed, and their appenders know: no buffered entry before a flush marker is left unwritten.
                foreach (var item in batch)
                {
                    item.Flushed?.TrySetResult();
                }

                return;
            }

            if (stopping)
            {
                Log.AuditEntriesLost(logger, buffered, failure);
                Interlocked.Add(ref queued, -buffered);
                foreach (var item in batch)
                {
                    item.Flushed?.TrySetException(failure);
                }

                return;
            }

            Log.AuditBatchFailed(logger, buffered, flushInterval, failure);
            await Task.Delay(flushInterval, timeProvider).ConfigureAwait(false);
        }
    }
}
