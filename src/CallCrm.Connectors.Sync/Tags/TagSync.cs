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

namespace CallCrm.Connectors.Sync.Tags;

/// <summary>Tag sync: customer tags from a CRM (and, where configured, call outcomes as tags) pushed to a call system, with history and rollback.</summary>
/// <remarks>
/// <para>Each tag has an owner (<see cref="TagOwnershipOptions"/>; the CRM by default); last-writer-wins by source time is available per tag.</para>
/// <para>Before a tag set is pushed, a <see cref="TagVersion"/> with the tags it replaces is committed together with a
/// <see cref="DeliveryStatus.Pending"/> ledger entry; the entry turns <see cref="DeliveryStatus.Delivered"/> when the call system
/// confirms. A crash in between is repaired by the next run, which pushes the same version again (tag updates carry the whole set,
/// so a repeat is harmless). The <see cref="TagVersion.ChangedAt"/> of a synced version is the origin's change time, which is what
/// last-writer-wins compares.</para>
/// <para>Loop prevention: a change made by <see cref="TagStreamDefinition.EngineIdentity"/>, or one that leaves the merged tag set
/// equal to the latest version, is the SDK's own write coming back and is not pushed again.</para>
/// <para>Degraded mode, as for call logs: when the call system is unavailable (retries spent, circuit open), the updates go to the
/// stream's durable outbox (partitioned by customer) and reading goes on. While the outbox holds updates, new ones queue behind them;
/// it drains oldest first, in order per customer, at the start and end of each run, every <see cref="SyncOptions.OutboxProbeInterval"/>
/// during one, and on <see cref="DrainOutboxAsync"/>. A buffered update is versioned when it is buffered: the history is the sequence
/// of tag sets the call system is given, in the order it is given them, so each version's <see cref="TagVersion.PreviousTags"/> is
/// what the call system holds just before it and rollbacks stay exact. A rollback holds until the CRM changes again: a CRM change
/// not newer than the newest CRM change synced before the customer's latest rollback (the look-back re-reading it) is not pushed.</para>
/// <para>This class holds the run's batch loop and the stream's lock; planning is in <see cref="TagPlanner"/>, pushing and the outbox
/// drain in <see cref="TagUpdateWriter"/>, rollbacks in <see cref="TagRollbackService"/>, call outcomes in <see cref="CallOutcomeTagger"/>.</para>
/// </remarks>
public sealed class TagSync : SyncStreamBase
{
    private readonly TagStreamDefinition _definition;
    private readonly SinkPipeline _pipeline;
    private readonly SemaphoreSlim _tagLock = new(1, 1);
    private readonly SemaphoreSlim _bufferLock = new(1, 1);
    private readonly StreamOutbox _outbox;
    private readonly TagPlanner _planner;
    private readonly TagUpdateWriter _writer;
    private readonly CallOutcomeTagger _callOutcomes;
    private readonly TagRollbackService _rollbacks;
    private readonly int _batchSize;
    private readonly SourceCapabilities _sourceCapabilities;

    internal TagSync(SyncEngine engine, TagStreamDefinition definition)
        : base(definition.Name, engine, definition.Options)
    {
        _definition = definition;
        _sourceCapabilities = SourceCapabilitiesOf(definition.Source, definition.Source.Capabilities);
        _batchSize = Math.Max(1, Math.Min(Options.MaxBatchSize, definition.Sink.Capabilities.MaxBatchSize));
        _pipeline = CreatePipeline(definition.Sink.Name, definition.Sink.Capabilities, SinkResiliencePipelines.KeyFor(Name));
        _outbox = new StreamOutbox(Name, Store, Time, Math.Min(Options.OutboxDrainBatchSize, _batchSize), _bufferLock, Logger);
        _planner = new TagPlanner(this, definition);
        _writer = new TagUpdateWriter(this, definition, _pipeline, _outbox, _bufferLock);
        _callOutcomes = new CallOutcomeTagger(this, definition, _planner, _writer);
        _writer.ApplyQueuedCallOutcome = _callOutcomes.ApplyQueuedAsync;
        _rollbacks = new TagRollbackService(this, _planner, _writer, _batchSize);
    }

    /// <summary>Gets the target name tag history is recorded under (the call system sink's name).</summary>
    public string Target => _definition.Sink.Name;

    /// <summary>Gets a customer's tag history in the call system, oldest first.</summary>
    /// <param name="customerId">The CRM's customer identifier.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The versions.</returns>
    public ValueTask<IReadOnlyList<TagVersion>> GetHistoryAsync(string customerId, CancellationToken cancellationToken = default) =>
        Store.TagHistory.GetHistoryAsync(Target, customerId, cancellationToken);

    /// <summary>Tries to push what waits in the outbox now, oldest first and in order per customer.</summary>
    /// <param name="cancellationToken">Cancels the drain.</param>
    /// <returns><see langword="true"/> when the outbox is empty afterwards.</returns>
    /// <remarks>When the engine has a lease provider (<see cref="SyncEngine.Leases"/>), the drain takes the stream's lease and its
    /// commits carry the lease's fencing token; while another instance holds the lease it is skipped (reports <see langword="false"/>).</remarks>
    public ValueTask<bool> DrainOutboxAsync(CancellationToken cancellationToken = default) =>
        ExclusiveAsync(
            async ct =>
            {
                var empty = false;
                return await TryUnderLeaseAsync(async lct => empty = await _writer.TryDrainAsync(new RunCounters(), lct).ConfigureAwait(false), ct).ConfigureAwait(false)
                    && empty;
            },
            cancellationToken);

    /// <summary>Carries a finished call's outcome to the call system as tags, under the ownership rules.</summary>
    /// <param name="record">The call; its <see cref="CallRecord.CustomerReference"/> names the customer.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The version recorded (pushed, or buffered in the outbox while the call system is unavailable), or <see langword="null"/> when nothing changed (no mapper, no customer, or the rules kept the current tags) or the outcome was queued for another instance (below).</returns>
    /// <remarks>When the engine has a lease provider (<see cref="SyncEngine.Leases"/>, several instances over one store), the outcome is
    /// applied under the stream's lease and its commits carry the lease's fencing token. While another instance holds the lease, or
    /// when this one loses it before the outcome is committed (its commit refused with <c>LEASE_LOST</c>), nothing is written to the
    /// call system or the CRM by this instance: the outcome is queued durably in the stream's shared outbox, and the holder applies it
    /// (merged, versioned, pushed to the call system and written into the CRM) at its next drain: at the start and end of its next
    /// run, or on <see cref="DrainOutboxAsync"/>. It is never lost; queuing the same call twice queues it once.</remarks>
    public async ValueTask<TagVersion?> ApplyCallOutcomeAsync(CallRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        return await _callOutcomes.ApplyAsync(record, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Rolls one customer's tags in the call system back to an earlier version. Idempotent: nothing happens when the tags already match.</summary>
    /// <param name="customerId">The customer.</param>
    /// <param name="version">The version whose tags to restore.</param>
    /// <param name="origin">Who asks (an operator's name); recorded in the history.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The rollback, with the version it recorded (none when already rolled back); while the call system is unavailable the version is buffered in the outbox behind earlier updates.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The customer has no such version.</exception>
    public async ValueTask<TagRollbackResult> RollbackCustomerAsync(string customerId, long version, string origin, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(customerId);
        ArgumentException.ThrowIfNullOrWhiteSpace(origin);
        return await _rollbacks.RollbackCustomerAsync(customerId, version, origin, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Rolls back every change a run made: each customer it touched gets the tags it had before that run. Idempotent.</summary>
    /// <param name="runId">The run to undo (from <see cref="SyncRunReport.RunId"/> or <see cref="TagVersion.RunId"/>).</param>
    /// <param name="origin">Who asks (an operator's name); recorded in the history.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The rollback, with the versions it recorded.</returns>
    /// <remarks>Customers changed again after that run are set back too; the later change stays in the history and can be restored.</remarks>
    public async ValueTask<TagRollbackResult> RollbackRunAsync(string runId, string origin, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(runId);
        ArgumentException.ThrowIfNullOrWhiteSpace(origin);
        return await _rollbacks.RollbackRunAsync(runId, origin, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override ValueTask<StreamHealth> GetHealthAsync(CancellationToken cancellationToken = default) =>
        BuildHealthAsync(_pipeline.Circuit, cancellationToken);

    /// <inheritdoc />
    public override async ValueTask DisposeAsync()
    {
        _tagLock.Dispose();
        _bufferLock.Dispose();
        _outbox.Dispose();
        await base.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Runs an operation under the stream's tag lock, with the outbox state known: no other version is planned meanwhile, so
    /// each version's previous tags are what the call system holds just before it.</summary>
    internal async ValueTask<T> ExclusiveAsync<T>(Func<CancellationToken, ValueTask<T>> operation, CancellationToken cancellationToken)
    {
        await _tagLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _outbox.RefreshStateAsync(cancellationToken).ConfigureAwait(false);
            return await operation(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _tagLock.Release();
        }
    }

    internal override ValueTask<bool> ReplayAsync(DeadLetterEntry entry, CancellationToken cancellationToken)
    {
        if (entry.Message.PayloadType != PayloadCodec.TagUpdateType)
        {
            return new ValueTask<bool>(false);
        }

        var update = PayloadCodec.DeserializeTagUpdate(entry.Message.Payload);
        return ExclusiveAsync(
            async ct =>
            {
                // Another instance holding the stream's lease: the dead letter stays, reported as failing; replay it again later.
                var counters = new RunCounters();
                return await TryUnderLeaseAsync(
                        async lct =>
                        {
                            var plans = await _planner.PlanRestoreAsync([(update.CustomerId, update.Tags)], "replay", lct).ConfigureAwait(false);
                            await _writer.ApplyAsync(plans, NewRunId(), counters, lct).ConfigureAwait(false);
                        },
                        ct).ConfigureAwait(false)
                    && counters.DeadLettered == 0;
            },
            cancellationToken);
    }

    private protected override long SinkRetries => _pipeline.Retries;

    private protected override Task<bool> DrainOutboxForRunAsync(RunCounters counters, CancellationToken cancellationToken, CancellationToken stoppingToken) =>
        ExclusiveAsync(ct => new ValueTask<bool>(_writer.TryDrainAsync(counters, ct, stoppingToken)), cancellationToken).AsTask();

    private protected override TimeSpan? OutboxRetryAfter => _outbox.RetryAfter;

    /// <summary>Reads the source on its own task; each batch is planned and applied in turn under the tag lock.</summary>
    private protected override async Task<RunEnd> ReadAndDeliverAsync(RunStart start)
    {
        var stop = start.Stop;
        var cancellationToken = stop.Token;
        var counters = start.Counters;
        var lastProbe = Time.GetTimestamp();
        var channel = Channel.CreateBounded<SourceItem<CustomerChange>>(new BoundedChannelOptions(Options.ChannelCapacity) { SingleReader = true, SingleWriter = true });
        // A graceful stop ends the reading only: what was read is still planned and pushed below.
        using var readCancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, stop.StoppingToken);
        ConnectorError? budget = null;
        var reader = Task.Run(
            () => SourcePump.PumpAsync(
                ct => _definition.Source.ReadAsync(start.Request, ct),
                channel.Writer,
                static item => item,
                counters,
                Engine.Metrics,
                Name,
                error => budget = error,
                readCancellation.Token),
            CancellationToken.None);

        var tracker = new CheckpointTracker(start.Request.Since);
        Exception? failure = null;
        Exception? readFailure = null;
        try
        {
            while (await BatchReader.ReadBatchAsync(channel.Reader, _batchSize, Options.MaxBatchDelay, Time, cancellationToken).ConfigureAwait(false) is { } batch)
            {
                await _tagLock.WaitAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    if (_outbox.HoldsRecords && Time.GetElapsedTime(lastProbe) >= Options.OutboxProbeInterval)
                    {
                        // Degraded: see whether the call system is back before this batch queues behind the outbox.
                        await _writer.TryDrainAsync(counters, cancellationToken, stop.StoppingToken).ConfigureAwait(false);
                        lastProbe = Time.GetTimestamp();
                    }

                    var plans = await _planner.PlanChangesAsync(batch, counters, cancellationToken).ConfigureAwait(false);

                    // The checkpoint never passes a change that is not final; it stops before it for the rest of the run.
                    var slot = tracker.Register(batch.ConvertAll(static i => (Checkpoint?)i.Position), batch.FindIndex(i => HoldsCheckpoint(_sourceCapabilities, i.Item)));
                    var checkpoint = tracker.Complete(slot);
                    if (checkpoint is WatermarkCheckpoint cw && start.Stored is WatermarkCheckpoint sw && cw <= sw && !tracker.IsHeld)
                    {
                        checkpoint = null;
                    }

                    await _writer.ApplyAsync(plans, start.RunId, counters, cancellationToken, checkpoint).ConfigureAwait(false);
                    slot.Finish();
                }
                finally
                {
                    _tagLock.Release();
                }

                start.Progress?.Report(counters.Snapshot(Name, start.RunId));
            }
        }
        catch (ConnectorException ex) when (ex.Code.Is(ConnectorErrorCode.BudgetExhausted))
        {
            budget ??= ex.Error;
        }
        catch (ConnectorException ex)
        {
            failure = ex;
        }
        catch (OperationCanceledException) when (stop.GraceExpired)
        {
            // The drain timeout of a graceful stop ran out: the batch cancelled is read again next run (its version, if
            // committed as pending, is pushed again then).
        }
        finally
        {
            await readCancellation.CancelAsync().ConfigureAwait(false);
            readFailure = (await reader.ConfigureAwait(false)).Failure;
        }

        return new RunEnd(budget, failure ?? readFailure);
    }
}
