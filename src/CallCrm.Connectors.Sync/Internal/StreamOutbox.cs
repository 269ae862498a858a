using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using CallCrm.Connectors.Errors;
using CallCrm.Connectors.State;
using CallCrm.Connectors.Sync.Diagnostics;
using Microsoft.Extensions.Logging;
using NodaTime;

namespace CallCrm.Connectors.Sync.Internal;

/// <summary>The degraded mode every stream shares: whether the stream's durable outbox holds records, and the oldest-first drain.</summary>
/// <remarks>
/// <para>What a payload means and how it is delivered stays with the stream (<see cref="DrainAsync{T}"/> takes both); this class owns
/// the order rules: entries are read oldest first, an unreadable entry is dead-lettered, and the first entry that cannot be delivered
/// records a failure and stops the drain, so that the entries behind it keep their place.</para>
/// <para>While <see cref="HoldsRecords"/> is true a stream must buffer new records behind the waiting ones instead of sending them.
/// Other instances share the store, so what this one knows can be stale: <see cref="RefreshStateAsync"/> reads the depth again at the
/// start of every run, drain and replay (and before a pushed batch while the outbox is believed empty).</para>
/// <para>A drained entry is completed by its revision (<see cref="OutboxCompletion"/>): a newer version of the record buffered while the
/// drain sent the older one stays waiting, and the drain delivers it before it reports the outbox empty.</para>
/// </remarks>
internal sealed class StreamOutbox : IDisposable
{
    private readonly string _stream;
    private readonly IConnectorStateStore _store;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _stateLock;
    private readonly SemaphoreSlim _drainLock = new(1, 1);
    private readonly ILogger _logger;
    private readonly int _batchSize;

    // -1: not known yet, 0: the stream's outbox is empty, 1: it holds records (new records queue behind them).
    private int _state = -1;

    // The wait the sink asked for when the last drain stopped (its Retry-After, or the time until the circuit half-opens), in ticks; 0: none.
    private long _retryAfterTicks;

    /// <param name="stream">The stream whose outbox this is.</param>
    /// <param name="store">The state store.</param>
    /// <param name="time">The engine's clock.</param>
    /// <param name="batchSize">Entries per drain batch.</param>
    /// <param name="stateLock">The lock under which the stream commits buffered records, so that "empty" is never decided while one is being buffered.</param>
    /// <param name="logger">The stream's logger.</param>
    public StreamOutbox(string stream, IConnectorStateStore store, TimeProvider time, int batchSize, SemaphoreSlim stateLock, ILogger logger)
    {
        _stream = stream;
        _store = store;
        _time = time;
        _batchSize = batchSize;
        _stateLock = stateLock;
        _logger = logger;
    }

    /// <summary>Gets whether records wait in the outbox (new records must queue behind them).</summary>
    public bool HoldsRecords => Volatile.Read(ref _state) == 1;

    /// <summary>Gets how long the sink asked to be left alone when the last drain stopped on it (a Retry-After, or the time until
    /// its circuit half-opens), or <see langword="null"/> when it named no wait or the last drain did not stop on it.</summary>
    public TimeSpan? RetryAfter => Interlocked.Read(ref _retryAfterTicks) is > 0 and var ticks ? TimeSpan.FromTicks(ticks) : null;

    private Instant Now => Instant.FromDateTimeOffset(_time.GetUtcNow());

    /// <summary>Reads the outbox depth from the store, so that records buffered before a restart or by another instance are found.</summary>
    /// <returns><see langword="true"/> when the stream's outbox is empty.</returns>
    /// <remarks>Decided under the state lock: a writer buffering at this moment sets the state back to "holds records" after us, never
    /// before. Call it outside the state lock.</remarks>
    public async ValueTask<bool> RefreshStateAsync(CancellationToken cancellationToken)
    {
        await _stateLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var stats = await _store.Outbox.GetStatisticsAsync(_stream, cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref _state, stats.Depth == 0 ? 0 : 1);
            return stats.Depth == 0;
        }
        finally
        {
            _stateLock.Release();
        }
    }

    /// <summary>Notes that a commit just buffered records. Call it under the state lock, after the commit.</summary>
    public void MarkBuffered() => Volatile.Write(ref _state, 1);

    /// <summary>Reads the outbox depth from the store, then delivers waiting entries, oldest first, until the outbox is empty or an entry
    /// cannot be delivered.</summary>
    /// <typeparam name="T">What the stream's payloads decode to.</typeparam>
    /// <param name="decode">Reads a payload; a <see cref="ConnectorException"/> dead-letters the entry.</param>
    /// <param name="deliver">Delivers decoded entries and settles them (ledger, dead letters, completed outbox revisions) in the store.</param>
    /// <param name="counters">Receives dead-lettered unreadable entries.</param>
    /// <param name="cancellationToken">Cancels the drain.</param>
    /// <param name="stoppingToken">Ends the drain gracefully: the batch being delivered is finished, no further one is started.</param>
    /// <returns><see langword="true"/> when the outbox is empty afterwards.</returns>
    public async Task<bool> DrainAsync<T>(
        Func<OutboxEntry, T> decode,
        Func<List<(T Item, OutboxCompletion Entry)>, CancellationToken, Task<DrainStep>> deliver,
        RunCounters counters,
        CancellationToken cancellationToken,
        CancellationToken stoppingToken = default)
    {
        if (stoppingToken.IsCancellationRequested)
        {
            return !HoldsRecords;
        }

        await _drainLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Never trust an earlier "empty": another instance may have buffered records since.
            if (await RefreshStateAsync(cancellationToken).ConfigureAwait(false))
            {
                return true;
            }

            var delivered = 0L;
            while (!stoppingToken.IsCancellationRequested)
            {
                var entries = await _store.Outbox.PeekAsync(_stream, _batchSize, Now, cancellationToken).ConfigureAwait(false);
                if (entries.Count == 0)
                {
                    return await FinishAsync(delivered, cancellationToken).ConfigureAwait(false);
                }

                var work = new List<(T Item, OutboxCompletion Entry)>(entries.Count);
                var unreadable = new List<DeadLetterMessage>();
                var unreadableEntries = new List<OutboxCompletion>();
                foreach (var entry in entries)
                {
                    try
                    {
                        work.Add((decode(entry), entry.Completion));
                    }
                    catch (ConnectorException ex)
                    {
                        unreadable.Add(new DeadLetterMessage(_stream, entry.Message.Key, ex.Code.Value, ex.Error.TechnicalDetail ?? ex.Code.Value, entry.Message.PayloadType, entry.Message.Payload, Now, entry.Attempts));
                        unreadableEntries.Add(entry.Completion);
                    }
                }

                if (unreadable.Count > 0)
                {
                    await _store.CommitAsync(StreamFence.Apply(new StateCommit(_stream) { DeadLetters = unreadable, CompletedOutbox = unreadableEntries }), cancellationToken).ConfigureAwait(false);
                    counters.Add(0, 0, 0, unreadable.Count);
                }

                var step = await deliver(work, cancellationToken).ConfigureAwait(false);
                delivered += step.Delivered;
                Interlocked.Exchange(ref _retryAfterTicks, step.AllSettled ? 0 : step.RetryAfter?.Ticks ?? 0);
                if (!step.AllSettled)
                {
                    // Keep the order: the first entry that could not be delivered blocks the ones behind it until the next drain,
                    // and not before the vendor's Retry-After: a drain sooner would only be refused again.
                    if (work.Count > 0 && step.FailureCode is not null)
                    {
                        var nextAttemptAt = step.RetryAfter is { } after && after > TimeSpan.Zero ? Now + Duration.FromTimeSpan(after) : Now;
                        await _store.Outbox.RecordFailureAsync(work[0].Entry.Id, step.FailureCode, nextAttemptAt, cancellationToken).ConfigureAwait(false);
                    }

                    if (delivered > 0)
                    {
                        Log.OutboxDrained(_logger, _stream, (int)delivered);
                    }

                    return false;
                }
            }

            if (delivered > 0)
            {
                Log.OutboxDrained(_logger, _stream, (int)delivered);
            }

            return false;
        }
        finally
        {
            _drainLock.Release();
        }
    }

    /// <inheritdoc />
    public void Dispose() => _drainLock.Dispose();

    private async Task<bool> FinishAsync(long delivered, CancellationToken cancellationToken)
    {
        if (delivered > 0)
        {
            Log.OutboxDrained(_logger, _stream, (int)delivered);
        }

        return await RefreshStateAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>What one drain batch achieved.</summary>
    /// <param name="AllSettled">Whether every entry was delivered, found unchanged or dead-lettered.</param>
    /// <param name="FailureCode">Why an entry could not be delivered (recorded on the first entry), or <see langword="null"/> to record nothing (a spent budget).</param>
    /// <param name="Delivered">How many entries were written.</param>
    /// <param name="RetryAfter">How long the sink asked to be left alone (its Retry-After, or the time until its circuit half-opens), or <see langword="null"/>.</param>
    public readonly record struct DrainStep(bool AllSettled, string? FailureCode, long Delivered, TimeSpan? RetryAfter = null);
}
