using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using CallCrm.Connectors.Checkpoints;
using CallCrm.Connectors.Errors;
using CallCrm.Connectors.Model;
using CallCrm.Connectors.Providers;
using CallCrm.Connectors.State;
using CallCrm.Connectors.Sync.Diagnostics;
using CallCrm.Connectors.Sync.Health;
using CallCrm.Connectors.Sync.Internal;
using CallCrm.Connectors.Sync.Resilience;

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
/// <para>This class holds the run's dispatch (batches to concurrent writers); the phases each batch goes through are in
/// <c>Internal/CallBatchSettler</c>, the push side in <c>Internal/CallIngestPump</c>, the run skeleton in <see cref="SyncStreamBase"/>.</para>
/// </remarks>
public sealed class CallLogSync : SyncStreamBase
{
    private readonly CallLogStreamDefinition _definition;
    private readonly SourceCapabilities _sourceCapabilities;
    private readonly SinkPipeline _pipeline;
    private readonly SemaphoreSlim _commitLock = new(1, 1);
    private readonly StreamOutbox _outbox;
    private readonly CallBatchSettler _settler;
    private readonly CallIngestPump _ingest;
    private readonly int _batchSize;
    private readonly int _concurrency;

    internal CallLogSync(SyncEngine engine, CallLogStreamDefinition definition)
        : base(definition.Name, engine, definition.Options)
    {
        _definition = definition;
        _sourceCapabilities = SourceCapabilitiesOf(definition.Source, definition.Source.Capabilities);
        var sinkCapabilities = definition.Sink.Capabilities;
        _batchSize = Math.Max(1, Math.Min(Options.MaxBatchSize, sinkCapabilities.MaxBatchSize));
        _concurrency = Math.Max(1, Math.Min(Options.MaxConcurrency, sinkCapabilities.MaxConcurrency));
        _pipeline = CreatePipeline(definition.Sink.Name, sinkCapabilities, SinkResiliencePipelines.KeyFor(Name));
        _outbox = new StreamOutbox(Name, Store, Time, Math.Min(Options.OutboxDrainBatchSize, _batchSize), _commitLock, Logger);
        _settler = new CallBatchSettler(this, definition, _pipeline, _outbox, new CallStateCommitter(Store, _outbox, _commitLock));
        _ingest = new CallIngestPump(this, _settler, _outbox, _batchSize);
    }

    /// <summary>Gets the state of the sink's circuit breaker.</summary>
    public CircuitStatus Circuit => _pipeline.Circuit;

    private protected override long SinkRetries => _pipeline.Retries;

    /// <summary>Pushes one record (for example from a call system's webhook) through the same mapping, dedup and delivery as a run.</summary>
    /// <param name="record">The record.</param>
    /// <param name="cancellationToken">Stops waiting; a record already accepted is still delivered.</param>
    /// <returns>What happened to the record once it was settled.</returns>
    /// <remarks>Pushed records are batched too: the call completes within <see cref="SyncOptions.MaxBatchDelay"/> plus the write.
    /// A pushed record cannot be read again, so when the sink cannot take it for any reason it is buffered in the outbox.</remarks>
    public async ValueTask<IngestOutcome> IngestAsync(CallRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        ObjectDisposedException.ThrowIf(_ingest.IsDisposed, this);
        return await _ingest.IngestAsync(record, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Tries to deliver what waits in the outbox now, oldest first.</summary>
    /// <param name="cancellationToken">Cancels the drain.</param>
    /// <returns><see langword="true"/> when the outbox is empty afterwards.</returns>
    /// <remarks>The outbox is read from the store, so records another instance buffered are delivered too.</remarks>
    public async ValueTask<bool> DrainOutboxAsync(CancellationToken cancellationToken = default) =>
        await TryDrainAsync(new RunCounters(), cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public override ValueTask<StreamHealth> GetHealthAsync(CancellationToken cancellationToken = default) =>
        BuildHealthAsync(_pipeline.Circuit, cancellationToken);

    /// <inheritdoc />
    public override async ValueTask DisposeAsync()
    {
        if (_ingest.IsDisposed)
        {
            return;
        }

        // Settle what was accepted before stopping.
        await _ingest.DisposeAsync().ConfigureAwait(false);
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
        await _outbox.RefreshStateAsync(cancellationToken).ConfigureAwait(false);
        var completion = new TaskCompletionSource<IngestOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);

        // Another instance holding the stream's lease: the dead letter stays, reported as failing; replay it again later.
        return await TryUnderLeaseAsync(
                ct => _settler.SettleAsync([new CallWork(record, Completion: completion)], SettleMode.Replay, new RunCounters(), null, null, ct),
                cancellationToken).ConfigureAwait(false)
            && await completion.Task.ConfigureAwait(false) is not IngestOutcome.DeadLettered;
    }

    /// <summary>Delivers what waits in the outbox, oldest first, through the same settling as every other batch.</summary>
    /// <remarks>When the engine has a lease provider and another instance holds the stream's lease, the drain is skipped (reports
    /// <see langword="false"/>): the holder drains the shared outbox.</remarks>
    internal async Task<bool> TryDrainAsync(RunCounters counters, CancellationToken cancellationToken, CancellationToken stoppingToken = default)
    {
        var empty = false;
        return await TryUnderLeaseAsync(async ct => empty = await DrainCoreAsync(counters, ct, stoppingToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false)
            && empty;
    }

    private Task<bool> DrainCoreAsync(RunCounters counters, CancellationToken cancellationToken, CancellationToken stoppingToken) =>
        _outbox.DrainAsync(
            static entry => PayloadCodec.DeserializeCallRecord(entry.Message.Payload),
            async (entries, ct) =>
            {
                var before = counters.Written;
                try
                {
                    var work = entries.ConvertAll(static e => new CallWork(e.Item, Outbox: e.Entry));
                    var result = await _settler.SettleAsync(work, SettleMode.Drain, counters, null, null, ct).ConfigureAwait(false);
                    return new StreamOutbox.DrainStep(result.AllSettled, result.FailureCode ?? "UNAVAILABLE", counters.Written - before, result.RetryAfter);
                }
                catch (ConnectorException ex) when (ex.Code.Is(ConnectorErrorCode.BudgetExhausted))
                {
                    LastError = ex.Error;
                    return new StreamOutbox.DrainStep(false, null, counters.Written - before, ex.Error.RetryAfter);
                }
            },
            counters,
            cancellationToken,
            stoppingToken);

    /// <remarks>The drain reads the outbox depth from the store first, so every run starts from what the store holds now, whatever this
    /// instance knew before.</remarks>
    private protected override Task<bool> DrainOutboxForRunAsync(RunCounters counters, CancellationToken cancellationToken, CancellationToken stoppingToken) =>
        TryDrainAsync(counters, cancellationToken, stoppingToken);

    private protected override TimeSpan? OutboxRetryAfter => _outbox.RetryAfter;

    /// <summary>Reads the source on its own task and hands its batches to up to <c>MaxConcurrency</c> writers, keys locked in read order.</summary>
    private protected override async Task<RunEnd> ReadAndDeliverAsync(RunStart start)
    {
        var stop = start.Stop;
        var counters = start.Counters;
        using var runCancellation = CancellationTokenSource.CreateLinkedTokenSource(stop.Token);
        // A graceful stop ends the reading only: what was read still goes through the writers below.
        using var readCancellation = CancellationTokenSource.CreateLinkedTokenSource(runCancellation.Token, stop.StoppingToken);
        var run = new RunState(start.RunId, counters, new CheckpointTracker(start.Request.Since), start.Stored as WatermarkCheckpoint, start.Progress, runCancellation);
        var channel = Channel.CreateBounded<CallWork>(new BoundedChannelOptions(Options.ChannelCapacity)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });

        var reader = Task.Run(() => ReadSourceAsync(channel.Writer, start.Request, run, readCancellation.Token), CancellationToken.None);

        using var slots = new SemaphoreSlim(_concurrency, _concurrency);
        var writers = new List<Task>();
        var lastProbe = Time.GetTimestamp();
        Exception? readFailure = null;
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
                if (_outbox.HoldsRecords && ProbeDue(lastProbe))
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
                // so the in-order commits cannot deadlock.
                var lease = await _settler.EnterAsync(batch, run.Token).ConfigureAwait(false);
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
            // A writer failed and cancelled the run (its exception is thrown by the run), or the drain timeout of a graceful stop ran
            // out (the run reports Interrupted; the batches it cancelled are read again next run).
        }
        finally
        {
            await readCancellation.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(writers).ConfigureAwait(false);
            readFailure = await reader.ConfigureAwait(false);
        }

        return new RunEnd(run.Budget, run.Failure ?? readFailure);
    }

    /// <summary>Whether a run in degraded mode tries the outbox now: while the circuit is closed the CRM answers, so records a
    /// flaky moment buffered are drained at the next batch (once the vendor's Retry-After has passed) instead of holding every later
    /// batch in the outbox for a whole <see cref="SyncOptions.OutboxProbeInterval"/>; while it is open, every probe interval.</summary>
    private bool ProbeDue(long lastProbe)
    {
        var since = Time.GetElapsedTime(lastProbe);
        return since >= Options.OutboxProbeInterval
            || (_pipeline.Circuit == CircuitStatus.Closed && since >= (_outbox.RetryAfter ?? TimeSpan.Zero));
    }

    private static CheckpointTracker.Slot Register(CheckpointTracker tracker, List<CallWork> batch) =>
        tracker.Register(batch.ConvertAll(static w => w.Position), batch.FindIndex(static w => w.HoldsCheckpoint));

    private async Task<Exception?> ReadSourceAsync(ChannelWriter<CallWork> writer, ReadRequest request, RunState run, CancellationToken cancellationToken)
    {
        var result = await SourcePump.PumpAsync(
            ct => _definition.Source.ReadAsync(request, ct),
            writer,
            item => new CallWork(item.Item, item.Position, HoldsCheckpoint(_sourceCapabilities, item.Item)),
            run.Counters,
            Engine.Metrics,
            Name,
            error => run.BudgetExhausted(error, stopNow: false),
            cancellationToken).ConfigureAwait(false);
        return result.Failure;
    }

    private async Task WriteRunBatchAsync(List<CallWork> batch, CheckpointTracker.Slot slot, RunState run, KeyedGate.Lease lease)
    {
        try
        {
            await _settler.SettleAsync(batch, SettleMode.Run, run.Counters, run, slot, run.Token, lease).ConfigureAwait(false);
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
}
