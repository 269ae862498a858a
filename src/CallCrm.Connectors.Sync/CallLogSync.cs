using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Runtime.ExceptionServices;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using CallCrm.Connectors.Auditing;
using CallCrm.Connectors.Checkpoints;
using CallCrm.Connectors.Errors;
using CallCrm.Connectors.Model;
using CallCrm.Connectors.Providers;
using CallCrm.Connectors.State;
using CallCrm.Connectors.Sync.Diagnostics;
using CallCrm.Connectors.Sync.Health;
using CallCrm.Connectors.Sync.Internal;
using CallCrm.Connectors.Sync.Resilience;
using NodaTime;

namespace CallCrm.Connectors.Sync;

/// <summary>Call-log sync: call records from an <see cref="ICallSource"/> (read incrementally or pushed) written to an <see cref="ICrmSink"/> as activities, exactly once in effect.</summary>
/// <remarks>
/// <para>A run reads from the stored checkpoint (minus <see cref="SyncOptions.LookBack"/> for watermarks) up to the run's start,
/// cuts the records into batches by size and time, and writes up to <c>MaxConcurrency</c> batches at once. Each batch's outcome
/// (ledger entries, dead letters, outbox entries) is committed atomically with the highest checkpoint before which every record
/// is settled, so a crash at any moment means re-reading, never skipping.</para>
/// <para>The ledger keeps a content hash per record key: an unchanged re-read is not sent again; a changed one is sent again
/// (an update where the sink upserts by external id). For sinks without upsert support, a <see cref="DeliveryStatus.Pending"/>
/// entry is committed before sending, and <see cref="SyncOptions.UncertainDelivery"/> decides what happens to records a crash left pending.</para>
/// <para>When the sink is unavailable (retries spent, circuit open), records go to the durable outbox and reading goes on. While the
/// outbox holds records of the stream, new records queue behind them so that delivery stays in order; the outbox drains, oldest first,
/// at the start and end of each run and every <see cref="SyncOptions.OutboxProbeInterval"/> during one.</para>
/// </remarks>
public sealed class CallLogSync : SyncStreamBase
{
    private static readonly ConnectorError UncertainDelivery = new()
    {
        Code = new ConnectorErrorCode("DELIVERY_UNCERTAIN"),
        TechnicalDetail = "A send to a sink without upsert support was interrupted; the target may or may not hold the record. Check the target, then replay or purge.",
    };

    private readonly CallLogStreamDefinition _definition;
    private readonly SinkPipeline _pipeline;
    private readonly KeyedGate _gate = new();
    private readonly SemaphoreSlim _commitLock = new(1, 1);
    private readonly StreamOutbox _outbox;
    private readonly Channel<CallWork> _ingest;
    private readonly RunCounters _ingestCounters = new();
    private readonly CancellationTokenSource _disposed = new();
    private readonly object _ingestStart = new();
    private readonly int _batchSize;
    private readonly int _concurrency;
    private readonly bool _upsert;
    private Task? _ingestLoop;

    internal CallLogSync(SyncEngine engine, CallLogStreamDefinition definition)
        : base(definition.Name, engine, definition.Options)
    {
        _definition = definition;
        var sinkCapabilities = definition.Sink.Capabilities;
        _batchSize = Math.Max(1, Math.Min(Options.MaxBatchSize, sinkCapabilities.MaxBatchSize));
        _concurrency = Math.Max(1, Math.Min(Options.MaxConcurrency, sinkCapabilities.MaxConcurrency));
        _upsert = sinkCapabilities.SupportsUpsertByExternalId;
        _pipeline = new SinkPipeline(definition.Sink.Name, Options.Resilience, Time, Logger);
        _outbox = new StreamOutbox(Name, Store, Time, Math.Min(Options.OutboxDrainBatchSize, _batchSize), _commitLock, Logger);
        _ingest = Channel.CreateBounded<CallWork>(new BoundedChannelOptions(Options.ChannelCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    /// <summary>Gets the state of the sink's circuit breaker.</summary>
    public CircuitStatus Circuit => _pipeline.Circuit;

    /// <summary>Pushes one record (for example from a call system's webhook) through the same mapping, dedup and delivery as a run.</summary>
    /// <param name="record">The record.</param>
    /// <param name="cancellationToken">Stops waiting; a record already accepted is still delivered.</param>
    /// <returns>What happened to the record once it was settled.</returns>
    /// <remarks>Pushed records are batched too: the call completes within <see cref="SyncOptions.MaxBatchDelay"/> plus the write.
    /// A pushed record cannot be read again, so when the sink cannot take it for any reason it is buffered in the outbox.</remarks>
    public async ValueTask<IngestOutcome> IngestAsync(CallRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        ObjectDisposedException.ThrowIf(_disposed.IsCancellationRequested, this);
        EnsureIngestLoop();
        var completion = new TaskCompletionSource<IngestOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
        await _ingest.Writer.WriteAsync(new CallWork(record, Completion: completion), cancellationToken).ConfigureAwait(false);
        return await completion.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Tries to deliver what waits in the outbox now, oldest first.</summary>
    /// <param name="cancellationToken">Cancels the drain.</param>
    /// <returns><see langword="true"/> when the outbox is empty afterwards.</returns>
    public async ValueTask<bool> DrainOutboxAsync(CancellationToken cancellationToken = default)
    {
        await EnsureOutboxStateAsync(cancellationToken).ConfigureAwait(false);
        return await TryDrainAsync(new RunCounters(), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override ValueTask<StreamHealth> GetHealthAsync(CancellationToken cancellationToken = default) =>
        BuildHealthAsync(_pipeline.Circuit, cancellationToken);

    /// <inheritdoc />
    public override async ValueTask DisposeAsync()
    {
        if (_disposed.IsCancellationRequested)
        {
            return;
        }

        // Settle what was accepted before stopping.
        _ingest.Writer.TryComplete();
        Task? loop;
        lock (_ingestStart)
        {
            loop = _ingestLoop;
        }

        if (loop is not null)
        {
            await loop.ConfigureAwait(false);
        }

        await _disposed.CancelAsync().ConfigureAwait(false);
        _disposed.Dispose();
        _commitLock.Dispose();
        _outbox.Dispose();
        await base.DisposeAsync().ConfigureAwait(false);
    }

    internal override async ValueTask<bool> ReplayAsync(DeadLetterEntry entry, CancellationToken cancellationToken)
    {
        if (entry.Message.PayloadType != PayloadCodec.CallRecordType)
        {
            return false;
        }

        var record = PayloadCodec.DeserializeCallRecord(entry.Message.Payload);
        await EnsureOutboxStateAsync(cancellationToken).ConfigureAwait(false);
        var completion = new TaskCompletionSource<IngestOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
        await SettleAsync([new CallWork(record, Completion: completion)], SettleMode.Replay, new RunCounters(), null, null, cancellationToken).ConfigureAwait(false);
        return await completion.Task.ConfigureAwait(false) is not IngestOutcome.DeadLettered;
    }

    private protected override async Task<SyncRunReport> RunCoreAsync(IProgress<SyncProgress>? progress, RunStop stop)
    {
        var cancellationToken = stop.Token;
        var runId = NewRunId();
        var startedAt = Time.GetTimestamp();
        using var activity = SyncActivitySource.Source.StartActivity("sync.run");
        activity?.SetTag("callcrm.stream", Name);
        activity?.SetTag("callcrm.run_id", runId);
        var counters = new RunCounters();
        var retriesBefore = _pipeline.Retries;

        await EnsureOutboxStateAsync(cancellationToken).ConfigureAwait(false);
        await TryDrainAsync(counters, cancellationToken, stop.StoppingToken).ConfigureAwait(false);

        var stored = await Store.Checkpoints.GetAsync(Name, cancellationToken).ConfigureAwait(false);
        var request = new ReadRequest(ApplyLookBack(stored), Until: Now, Options.PageSize);
        Log.RunStarted(Logger, Name, runId, stored?.ToString() ?? "the beginning");

        using var runCancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // A graceful stop ends the reading only: what was read still goes through the writers below.
        using var readCancellation = CancellationTokenSource.CreateLinkedTokenSource(runCancellation.Token, stop.StoppingToken);
        var run = new RunState(runId, counters, new CheckpointTracker(request.Since), stored as WatermarkCheckpoint, progress, runCancellation);
        var channel = Channel.CreateBounded<CallWork>(new BoundedChannelOptions(Options.ChannelCapacity)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });

        Exception? readFailure = null;
        var reader = Task.Run(
            async () => readFailure = await ReadSourceAsync(channel.Writer, request, run, readCancellation.Token).ConfigureAwait(false),
            CancellationToken.None);

        using var slots = new SemaphoreSlim(_concurrency, _concurrency);
        var writers = new List<Task>();
        var lastProbe = Time.GetTimestamp();
        try
        {
            while (!run.StopRequested)
            {
                var batch = await BatchReader.ReadBatchAsync(channel.Reader, _batchSize, Options.MaxBatchDelay, Time, run.Token).ConfigureAwait(false);
                if (batch is null)
                {
                    break;
                }

                var slot = Register(run.Tracker, batch);
                if (_outbox.HoldsRecords && Time.GetElapsedTime(lastProbe) >= Options.OutboxProbeInterval)
                {
                    // A drain needs the sink to itself: wait for every batch in flight so that buffered records keep their order.
                    for (var i = 0; i < _concurrency; i++)
                    {
                        await slots.WaitAsync(run.Token).ConfigureAwait(false);
                    }

                    try
                    {
                        await TryDrainAsync(counters, run.Token, stop.StoppingToken).ConfigureAwait(false);
                    }
                    finally
                    {
                        slots.Release(_concurrency);
                    }

                    lastProbe = Time.GetTimestamp();
                }

                await slots.WaitAsync(run.Token).ConfigureAwait(false);
                if (run.StopRequested)
                {
                    // A writer asked to stop (a spent budget) while this batch waited for a slot: it is read again next run.
                    slots.Release();
                    break;
                }

                // Keys are locked here, in read order: a later batch sharing a key waits for the earlier one, never the reverse,
                // so the in-order commits below cannot deadlock.
                var lease = await _gate.EnterAsync(DistinctKeys(batch), run.Token).ConfigureAwait(false);
                writers.RemoveAll(static t => t.IsCompleted);
                writers.Add(Task.Run(
                    async () =>
                    {
                        try
                        {
                            await WriteRunBatchAsync(batch, slot, run, lease).ConfigureAwait(false);
                        }
                        finally
                        {
                            lease.Dispose();
                            slot.Finish();
                            slots.Release();
                        }
                    },
                    CancellationToken.None));
            }
        }
        catch (OperationCanceledException) when (run.Token.IsCancellationRequested && (run.Failure is not null || stop.GraceExpired))
        {
            // A writer failed and cancelled the run (its exception is thrown below), or the drain timeout of a graceful stop ran out
            // (the run reports Interrupted; the batches it cancelled are read again next run).
        }
        finally
        {
            await readCancellation.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(writers).ConfigureAwait(false);
            await reader.ConfigureAwait(false);
        }

        if (!stop.GraceExpired)
        {
            cancellationToken.ThrowIfCancellationRequested();
        }

        if ((run.Failure ?? readFailure) is { } failure)
        {
            LastError = (failure as ConnectorException)?.Error ?? new ConnectorError { Code = ConnectorErrorCode.Unknown, TechnicalDetail = failure.GetType().Name };
            Log.RunFailed(Logger, Name, runId, LastError.Code.Value, failure);
            activity?.SetStatus(ActivityStatusCode.Error, LastError.Code.Value);
            ExceptionDispatchInfo.Throw(failure);
        }

        if (run.Budget is null && !stop.StopRequested)
        {
            await TryDrainAsync(counters, cancellationToken).ConfigureAwait(false);
        }

        // After a run whose grace ran out the hard token is cancelled; the checkpoint is still read for the report.
        var checkpoint = await Store.Checkpoints.GetAsync(Name, stop.GraceExpired ? CancellationToken.None : cancellationToken).ConfigureAwait(false);
        var duration = Time.GetElapsedTime(startedAt);
        return BuildReport(runId, counters, run.Budget, checkpoint, duration, _pipeline.Retries - retriesBefore, stop);
    }

    private static CheckpointTracker.Slot Register(CheckpointTracker tracker, List<CallWork> batch) =>
        tracker.Register(batch.ConvertAll(static w => w.Position), batch.FindIndex(static w => !w.IsFinal));

    private async Task<Exception?> ReadSourceAsync(ChannelWriter<CallWork> writer, ReadRequest request, RunState run, CancellationToken cancellationToken)
    {
        try
        {
            if (cancellationToken.IsCancellationRequested)
            {
                // Stopped before the run began: not even a first page is asked for.
                return null;
            }

            await foreach (var item in _definition.Source.ReadAsync(request, cancellationToken).WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                await writer.WriteAsync(new CallWork(item.Item, item.Position, item.IsFinal && item.Item.IsFinal), cancellationToken).ConfigureAwait(false);

                // Counted once handed to the writers: a record dropped by a stop while the channel was full is not in the report.
                run.Counters.AddRead(1);
            }

            SyncMetrics.RecordsRead.Add(run.Counters.Read, new KeyValuePair<string, object?>("stream", Name));
            return null;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return null;
        }
        catch (ConnectorException ex) when (ex.Code.Is(ConnectorErrorCode.BudgetExhausted))
        {
            // What was read is still written; the run then ends with its checkpoint saved.
            run.BudgetExhausted(ex.Error, stopNow: false);
            return null;
        }
#pragma warning disable CA1031 // The failure is handed to the run, which settles what was read and then throws it.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return ex;
        }
        finally
        {
            writer.TryComplete();
        }
    }

    private static List<string> DistinctKeys(List<CallWork> batch)
    {
        var keys = new HashSet<string>(batch.Count, StringComparer.Ordinal);
        foreach (var work in batch)
        {
            keys.Add(work.Record.Key);
        }

        return [.. keys];
    }

    private async Task WriteRunBatchAsync(List<CallWork> batch, CheckpointTracker.Slot slot, RunState run, KeyedGate.Lease lease)
    {
        try
        {
            await SettleAsync(batch, SettleMode.Run, run.Counters, run, slot, run.Token, lease).ConfigureAwait(false);
        }
        catch (ConnectorException ex) when (ex.Code.Is(ConnectorErrorCode.BudgetExhausted))
        {
            // The batch stays unsettled, so the checkpoint stops before it and the next run reads it again.
            LastError = ex.Error;
            run.BudgetExhausted(ex.Error, stopNow: true);
        }
        catch (OperationCanceledException) when (run.Token.IsCancellationRequested)
        {
            run.Tracker.Poison();
        }
#pragma warning disable CA1031 // Handed to the run, which stops the other writers and throws it.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            run.Tracker.Poison();
            run.Fail(ex);
        }
    }

    private void EnsureIngestLoop()
    {
        lock (_ingestStart)
        {
            _ingestLoop ??= Task.Run(IngestLoopAsync, CancellationToken.None);
        }
    }

    private async Task IngestLoopAsync()
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
                await EnsureOutboxStateAsync(token).ConfigureAwait(false);
                await SettleAsync(batch, SettleMode.Ingest, _ingestCounters, null, null, token).ConfigureAwait(false);
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
            await TryDrainAsync(_ingestCounters, cancellationToken).ConfigureAwait(false);
        }
        catch (ConnectorException ex)
        {
            // The outbox stays as it is; the failure shows in health and the next probe tries again.
            LastError = ex.Error;
        }
    }

    private ValueTask EnsureOutboxStateAsync(CancellationToken cancellationToken) => _outbox.EnsureStateAsync(cancellationToken);

    private Task<bool> TryDrainAsync(RunCounters counters, CancellationToken cancellationToken, CancellationToken stoppingToken = default) =>
        _outbox.DrainAsync(
            static entry => PayloadCodec.DeserializeCallRecord(entry.Message.Payload),
            async (entries, ct) =>
            {
                var before = counters.Written;
                try
                {
                    var work = entries.ConvertAll(static e => new CallWork(e.Item, OutboxId: e.OutboxId));
                    var result = await SettleAsync(work, SettleMode.Drain, counters, null, null, ct).ConfigureAwait(false);
                    return new StreamOutbox.DrainStep(result.AllSettled, result.FailureCode ?? "UNAVAILABLE", counters.Written - before);
                }
                catch (ConnectorException ex) when (ex.Code.Is(ConnectorErrorCode.BudgetExhausted))
                {
                    LastError = ex.Error;
                    return new StreamOutbox.DrainStep(false, null, counters.Written - before);
                }
            },
            counters,
            cancellationToken,
            stoppingToken);

    private CallRecord Transform(CallRecord record)
    {
        foreach (var transform in _definition.Transforms)
        {
            record = transform.Transform(record);
        }

        return record;
    }

    private string PartitionOf(CallRecord record)
    {
        if (_definition.PartitionKey is { } partition)
        {
            return partition(record);
        }

        if (record.CustomerReference is { Length: > 0 } customer)
        {
            return "customer:" + customer;
        }

        // A hash, not the number: the outbox is not a place for personal data in clear.
        var number = record.From.E164 ?? record.From.Raw;
        return number is null
            ? "key:" + record.Key
            : "tel:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(number)).AsSpan(0, 12));
    }

    private async Task<SettleResult> SettleAsync(
        List<CallWork> batch,
        SettleMode mode,
        RunCounters counters,
        RunState? run,
        CheckpointTracker.Slot? slot,
        CancellationToken cancellationToken,
        KeyedGate.Lease? heldKeys = null)
    {
        var startedAt = Time.GetTimestamp();
        using var activity = SyncActivitySource.Source.StartActivity("sync.batch");
        activity?.SetTag("callcrm.stream", Name);
        activity?.SetTag("callcrm.batch.size", batch.Count);
        var now = Now;
        var outcome = new IngestOutcome?[batch.Count];
        var ledger = new List<LedgerEntry>();
        var deadLetters = new List<DeadLetterMessage>();
        var outbox = new List<OutboxMessage>();
        var completedOutbox = new List<long>();
        var changes = new List<DataChange>();
        var prepared = new CallRecord?[batch.Count];
        var hashes = new string[batch.Count];
        var allSettled = true;
        string? failureCode = null;

        void Settle(int i, IngestOutcome result)
        {
            outcome[i] = result;
            if (batch[i].OutboxId is { } id && result != IngestOutcome.Buffered)
            {
                completedOutbox.Add(id);
            }
        }

        void DeadLetter(int i, ConnectorError error, string? hash, int attempts)
        {
            var key = batch[i].Record.Key;
            if (mode != SettleMode.Replay)
            {
                // The original record is kept, so a fixed and replayed record goes through the same mapping again.
                deadLetters.Add(new DeadLetterMessage(Name, key, error.Code.Value, error.TechnicalDetail ?? error.Code.Value, PayloadCodec.CallRecordType, PayloadCodec.Serialize(batch[i].Record), now, attempts));
            }

            if (hash is not null)
            {
                ledger.Add(new LedgerEntry(Name, key, hash, DeliveryStatus.DeadLettered, null, now));
            }

            Log.DeadLettered(Logger, Name, key, error.Code.Value);
            Settle(i, IngestOutcome.DeadLettered);
        }

        // 1. Mapping and cleansing; a record the rules refuse is dead-lettered, the rest go on.
        for (var i = 0; i < batch.Count; i++)
        {
            try
            {
                prepared[i] = Transform(batch[i].Record);
            }
            catch (ConnectorException ex) when (!ex.IsTransient)
            {
                DeadLetter(i, ex.Error, null, 0);
            }
        }

        // 2. The same key twice in one batch: only the last (newest) version is sent.
        var lastIndex = new Dictionary<string, int>(batch.Count, StringComparer.Ordinal);
        for (var i = 0; i < batch.Count; i++)
        {
            if (prepared[i] is not null)
            {
                lastIndex[batch[i].Record.Key] = i;
            }
        }

        var keys = new List<string>(lastIndex.Count);
        for (var i = 0; i < batch.Count; i++)
        {
            if (prepared[i] is null)
            {
                continue;
            }

            if (lastIndex[batch[i].Record.Key] == i)
            {
                keys.Add(batch[i].Record.Key);
            }
            else
            {
                Settle(i, IngestOutcome.Unchanged);
            }
        }

        using (heldKeys is null ? await _gate.EnterAsync(keys, cancellationToken).ConfigureAwait(false) : default)
        {
            // 3. The ledger decides what is new, changed, unchanged or left uncertain by a crash.
            var entries = keys.Count == 0
                ? new Dictionary<string, LedgerEntry>()
                : await Store.Ledger.GetAsync(Name, keys, cancellationToken).ConfigureAwait(false);
            var toSend = new List<int>(keys.Count);
            for (var i = 0; i < batch.Count; i++)
            {
                if (prepared[i] is not { } record || outcome[i] is not null)
                {
                    continue;
                }

                var hash = hashes[i] = ContentHasher.Hash(record);
                if (entries.TryGetValue(record.Key, out var entry) && entry.ContentHash == hash)
                {
                    if (entry.Status == DeliveryStatus.Delivered || (entry.Status == DeliveryStatus.DeadLettered && mode != SettleMode.Replay))
                    {
                        Settle(i, IngestOutcome.Unchanged);
                        continue;
                    }

                    if (entry.Status == DeliveryStatus.Pending && !_upsert && mode != SettleMode.Replay && Options.UncertainDelivery == UncertainDeliveryPolicy.DeadLetter)
                    {
                        DeadLetter(i, UncertainDelivery, hash, 1);
                        continue;
                    }
                }

                toSend.Add(i);
            }

            var pendingWritten = false;

            void Buffer(int i)
            {
                if (mode == SettleMode.Drain)
                {
                    allSettled = false;
                }
                else
                {
                    outbox.Add(new OutboxMessage(Name, batch[i].Record.Key, PartitionOf(batch[i].Record), PayloadCodec.CallRecordType, PayloadCodec.Serialize(batch[i].Record), now));
                    Settle(i, IngestOutcome.Buffered);
                }

                if (pendingWritten)
                {
                    // Nothing was confirmed: put the ledger back as it was, so the record is not taken for an uncertain send.
                    var previous = entries.GetValueOrDefault(batch[i].Record.Key);
                    ledger.Add(previous is { Status: not DeliveryStatus.Pending }
                        ? previous
                        : new LedgerEntry(Name, batch[i].Record.Key, string.Empty, DeliveryStatus.Pending, null, now));
                }
            }

            if (toSend.Count > 0 && mode != SettleMode.Drain && _outbox.HoldsRecords)
            {
                // Degraded: older records of the stream wait in the outbox, so these queue behind them.
                toSend.ForEach(Buffer);
            }
            else if (toSend.Count > 0)
            {
                if (!_upsert)
                {
                    var pending = toSend.ConvertAll(i => new LedgerEntry(Name, batch[i].Record.Key, hashes[i], DeliveryStatus.Pending, null, now));
                    await CommitAsync(new StateCommit(Name) { LedgerEntries = pending }, null, null, cancellationToken).ConfigureAwait(false);
                    pendingWritten = true;
                }

                var records = toSend.ConvertAll(i => prepared[i]!);
                SinkWriteResult result;
                try
                {
                    result = await _pipeline.WriteIsolatingAsync(records, static r => r.Key, _definition.Sink.WriteAsync, cancellationToken).ConfigureAwait(false);
                }
                catch (ConnectorException ex) when (mode == SettleMode.Ingest || (mode == SettleMode.Replay && ex.IsTransient))
                {
                    // A pushed record cannot be read again: whatever the sink's failure, it waits in the outbox.
                    LastError = ex.Error;
                    result = new SinkWriteResult(new RecordOutcome?[records.Count], ex.Error);
                }
                catch (ConnectorException) when (pendingWritten)
                {
                    var revert = new List<LedgerEntry>();
                    foreach (var i in toSend)
                    {
                        var previous = entries.GetValueOrDefault(batch[i].Record.Key);
                        revert.Add(previous is { Status: not DeliveryStatus.Pending } ? previous : new LedgerEntry(Name, batch[i].Record.Key, string.Empty, DeliveryStatus.Pending, null, now));
                    }

                    await CommitAsync(new StateCommit(Name) { LedgerEntries = revert }, null, null, CancellationToken.None).ConfigureAwait(false);
                    throw;
                }

                for (var j = 0; j < toSend.Count; j++)
                {
                    var i = toSend[j];
                    switch (result.Outcomes[j])
                    {
                        case { Kind: RecordOutcomeKind.Written or RecordOutcomeKind.Unchanged } confirmed:
                            ledger.Add(new LedgerEntry(Name, batch[i].Record.Key, hashes[i], DeliveryStatus.Delivered, confirmed.TargetId, now));
                            Settle(i, confirmed.Kind == RecordOutcomeKind.Written ? IngestOutcome.Written : IngestOutcome.Unchanged);
                            if (confirmed.Kind == RecordOutcomeKind.Written)
                            {
                                var delivered = entries.TryGetValue(batch[i].Record.Key, out var before) && before.Status == DeliveryStatus.Delivered;
                                changes.Add(new DataChange
                                {
                                    Kind = delivered ? DataChangeKind.CallUpdated : DataChangeKind.CallWritten,
                                    Stream = Name,
                                    EntityType = DataChangeEntityTypes.Call,
                                    EntityKey = batch[i].Record.Key,
                                    TargetSystem = _definition.Sink.Name,
                                    RunId = run?.RunId,
                                });
                            }

                            break;
                        case { Kind: RecordOutcomeKind.PermanentFailure } failed:
                            DeadLetter(i, failed.Error ?? new ConnectorError { Code = ConnectorErrorCode.Unknown }, hashes[i], 1);
                            break;
                        default:
                            failureCode ??= result.Unavailable?.Code.Value;
                            Buffer(i);
                            break;
                    }
                }

                if (result.Unavailable is { } unavailable)
                {
                    LastError = unavailable;
                    if (outbox.Count > 0)
                    {
                        Log.Buffered(Logger, Name, unavailable.Code.Value, outbox.Count);
                    }
                }
            }

            // 4. Batches of a run commit in read order, so buffered records enter the outbox in the order they were read.
            if (slot is not null)
            {
                await slot.PreviousFinished.WaitAsync(cancellationToken).ConfigureAwait(false);
            }

            // 5. One atomic commit: the batch's outcome together with the checkpoint it justifies.
            await CommitAsync(
                new StateCommit(Name) { LedgerEntries = ledger, DeadLetters = deadLetters, OutboxMessages = outbox, CompletedOutboxIds = completedOutbox },
                run,
                slot,
                cancellationToken).ConfigureAwait(false);
            await Engine.AuditAsync(Name, changes, Logger, cancellationToken).ConfigureAwait(false);
        }

        long written = 0, unchanged = 0, buffered = 0, dead = 0;
        for (var i = 0; i < batch.Count; i++)
        {
            switch (outcome[i])
            {
                case IngestOutcome.Written: written++; break;
                case IngestOutcome.Unchanged: unchanged++; break;
                case IngestOutcome.Buffered: buffered++; break;
                case IngestOutcome.DeadLettered: dead++; break;
                default: break;
            }

            if (outcome[i] is { } settled)
            {
                batch[i].Completion?.TrySetResult(settled);
            }
        }

        counters.Add(written, unchanged, buffered, dead);
        RecordMetrics(written, unchanged, buffered, dead, Time.GetElapsedTime(startedAt));
        if (run is not null)
        {
            run.Progress?.Report(counters.Snapshot(Name, run.RunId));
        }

        return new SettleResult(allSettled, failureCode);
    }

    private void RecordMetrics(long written, long unchanged, long buffered, long dead, TimeSpan elapsed)
    {
        var stream = new KeyValuePair<string, object?>("stream", Name);
        if (written > 0)
        {
            SyncMetrics.Records.Add(written, stream, new("outcome", "written"));
        }

        if (unchanged > 0)
        {
            SyncMetrics.Records.Add(unchanged, stream, new("outcome", "unchanged"));
        }

        if (buffered > 0)
        {
            SyncMetrics.Records.Add(buffered, stream, new("outcome", "buffered"));
        }

        if (dead > 0)
        {
            SyncMetrics.Records.Add(dead, stream, new("outcome", "dead_lettered"));
        }

        SyncMetrics.BatchDuration.Record(elapsed.TotalSeconds, stream);
    }

    private async Task CommitAsync(StateCommit commit, RunState? run, CheckpointTracker.Slot? slot, CancellationToken cancellationToken)
    {
        await _commitLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            Checkpoint? checkpoint = null;
            if (run is not null && slot is not null)
            {
                checkpoint = run.Tracker.Complete(slot);

                // With look-back the run re-reads records before the stored watermark; the checkpoint does not move back for
                // them, unless a record that is not final was found there: then it must go back to just before that record.
                if (checkpoint is WatermarkCheckpoint watermark && run.Floor is { } floor && watermark <= floor && !run.Tracker.IsHeld)
                {
                    checkpoint = null;
                }
            }

            if (checkpoint is null && commit.LedgerEntries.Count == 0 && commit.DeadLetters.Count == 0
                && commit.OutboxMessages.Count == 0 && commit.CompletedOutboxIds.Count == 0)
            {
                return;
            }

            await Store.CommitAsync(commit with { Checkpoint = checkpoint }, cancellationToken).ConfigureAwait(false);
            if (commit.OutboxMessages.Count > 0)
            {
                _outbox.MarkBuffered();
            }
        }
        catch
        {
            // What this commit held may not be durable: no later checkpoint of the run may be trusted.
            run?.Tracker.Poison();
            throw;
        }
        finally
        {
            _commitLock.Release();
        }
    }

    private readonly record struct SettleResult(bool AllSettled, string? FailureCode);
}
