using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using CallCrm.Connectors.Errors;
using CallCrm.Connectors.Model;
using CallCrm.Connectors.Sync.Diagnostics;

namespace CallCrm.Connectors.Sync.Internal;

/// <summary>The push side of a call-log stream: pushed records are queued, cut into batches and settled by one loop, which also
/// probes the outbox of streams that are fed only by pushes.</summary>
internal sealed class CallIngestPump : IAsyncDisposable
{
    private readonly CallLogSync _stream;
    private readonly CallBatchSettler _settler;
    private readonly StreamOutbox _outbox;
    private readonly int _batchSize;
    private readonly Channel<CallWork> _ingest;
    private readonly RunCounters _counters = new();
    private readonly CancellationTokenSource _disposed = new();
    private readonly object _start = new();
    private Task? _loop;

    /// <param name="stream">The stream the records are pushed to.</param>
    /// <param name="settler">Settles the batches.</param>
    /// <param name="outbox">The stream's outbox.</param>
    /// <param name="batchSize">Records per batch.</param>
    public CallIngestPump(CallLogSync stream, CallBatchSettler settler, StreamOutbox outbox, int batchSize)
    {
        _stream = stream;
        _settler = settler;
        _outbox = outbox;
        _batchSize = batchSize;
        _ingest = Channel.CreateBounded<CallWork>(new BoundedChannelOptions(stream.Options.ChannelCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    /// <summary>Gets whether the pump was disposed.</summary>
    public bool IsDisposed => _disposed.IsCancellationRequested;

    private SyncOptions Options => _stream.Options;

    private TimeProvider Time => _stream.Time;

    /// <summary>Queues one record and waits until it is settled.</summary>
    public async ValueTask<IngestOutcome> IngestAsync(CallRecord record, CancellationToken cancellationToken)
    {
        EnsureLoop();
        var completion = new TaskCompletionSource<IngestOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
        await _ingest.Writer.WriteAsync(new CallWork(record, Completion: completion), cancellationToken).ConfigureAwait(false);
        return await completion.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Settles what was accepted, then stops the loop.</summary>
    public async ValueTask DisposeAsync()
    {
        _ingest.Writer.TryComplete();
        Task? loop;
        lock (_start)
        {
            loop = _loop;
        }

        if (loop is not null)
        {
            await loop.ConfigureAwait(false);
        }

        await _disposed.CancelAsync().ConfigureAwait(false);
        _disposed.Dispose();
    }

    private void EnsureLoop()
    {
        lock (_start)
        {
            _loop ??= Task.Run(LoopAsync, CancellationToken.None);
        }
    }

    private async Task LoopAsync()
    {
        var token = _disposed.Token;
        var lastProbe = Time.GetTimestamp();
        while (true)
        {
            // Streams fed only by pushes have no runs to drain their outbox: the ingestion loop probes it too, even when idle.
            if (_outbox.HoldsRecords)
            {
                if (Time.GetElapsedTime(lastProbe) >= Options.OutboxProbeInterval)
                {
                    lastProbe = Time.GetTimestamp();
                    await TryDrainQuietlyAsync(token).ConfigureAwait(false);
                }

                if (_outbox.HoldsRecords && !await WaitForPushOrProbeAsync(token).ConfigureAwait(false))
                {
                    continue;
                }
            }

            if (await BatchReader.ReadBatchAsync(_ingest.Reader, _batchSize, Options.MaxBatchDelay, Time, token).ConfigureAwait(false) is not { } batch)
            {
                return;
            }

            try
            {
                // Believed empty, the batch would be sent directly: check the store first, since another instance may have buffered
                // an older version of one of these records since (believed holding records, it queues behind them anyway).
                if (!_outbox.HoldsRecords)
                {
                    await _outbox.RefreshStateAsync(token).ConfigureAwait(false);
                }

                // Only the holder of the stream's lease writes (when instances share the store): without it the batch is buffered
                // durably in the shared outbox, and the holder delivers it.
                if (!await TrySettleUnderLeaseAsync(batch, token).ConfigureAwait(false))
                {
                    using var buffer = StreamFence.EnterBufferOnly();
                    await _settler.SettleAsync(batch, SettleMode.Ingest, _counters, null, null, token).ConfigureAwait(false);
                }
            }
#pragma warning disable CA1031 // The failure goes to every caller waiting on the batch; the loop serves the next one.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                foreach (var work in batch)
                {
                    work.Completion?.TrySetException(ex);
                }
            }
        }
    }

    /// <summary>Settles a batch under the stream's lease.</summary>
    /// <returns><see langword="false"/> when the batch must be buffered instead: another instance holds the lease, or this instance
    /// lost it while settling (its commits refused with <c>LEASE_LOST</c>, or the lease's keep-alive noticed). A pushed record the
    /// endpoint accepted is then buffered durably in the shared outbox (an append sends nothing, so it needs no fencing token) and
    /// the holder delivers it: its caller is told <see cref="IngestOutcome.Buffered"/>, never given the lease's failure.</returns>
    private async Task<bool> TrySettleUnderLeaseAsync(List<CallWork> batch, CancellationToken token)
    {
        try
        {
            return await _stream.TryUnderLeaseAsync(ct => _settler.SettleAsync(batch, SettleMode.Ingest, _counters, null, null, ct), token).ConfigureAwait(false);
        }
        catch (ConnectorException ex) when (ex.Code.Is(ConnectorErrorCode.LeaseLost))
        {
            Log.IngestFencedOut(_stream.Logger, _stream.Name, batch.Count);
            return false;
        }
        catch (OperationCanceledException) when (!token.IsCancellationRequested)
        {
            Log.IngestFencedOut(_stream.Logger, _stream.Name, batch.Count);
            return false;
        }
    }

    /// <summary>Waits for a pushed record, or until the next outbox probe is due; <see langword="false"/> when the probe is due.</summary>
    private async Task<bool> WaitForPushOrProbeAsync(CancellationToken cancellationToken)
    {
        // Only the wait is cut short, never a batch being read, so no pushed record can be dropped by the timer.
        using var probe = new CancellationTokenSource(Options.OutboxProbeInterval, Time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, probe.Token);
        try
        {
            await _ingest.Reader.WaitToReadAsync(linked.Token).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private async Task TryDrainQuietlyAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _stream.TryDrainAsync(_counters, cancellationToken).ConfigureAwait(false);
        }
        catch (ConnectorException ex)
        {
            // The outbox stays as it is; the failure shows in health and the next probe tries again.
            _stream.LastError = ex.Error;
        }
    }
}
