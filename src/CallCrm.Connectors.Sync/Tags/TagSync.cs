using System;
using System.Collections.Generic;
using System.Linq;
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
/// what the call system holds just before it and rollbacks stay exact.</para>
/// </remarks>
public sealed class TagSync : SyncStreamBase
{
    private readonly TagStreamDefinition _definition;
    private readonly SinkPipeline _pipeline;
    private readonly SinkPipeline? _crmPipeline;
    private readonly SemaphoreSlim _tagLock = new(1, 1);
    private readonly SemaphoreSlim _bufferLock = new(1, 1);
    private readonly StreamOutbox _outbox;
    private readonly int _batchSize;

    internal TagSync(SyncEngine engine, TagStreamDefinition definition)
        : base(definition.Name, engine, definition.Options)
    {
        _definition = definition;
        _batchSize = Math.Max(1, Math.Min(Options.MaxBatchSize, definition.Sink.Capabilities.MaxBatchSize));
        _pipeline = new SinkPipeline(definition.Sink.Name, Options.Resilience, Time, Logger);
        _outbox = new StreamOutbox(Name, Store, Time, Math.Min(Options.OutboxDrainBatchSize, _batchSize), _bufferLock, Logger);
        if (definition.CrmTagSink is { } crm)
        {
            // Its own retries and circuit: a CRM outage must not open the call system's breaker, nor the reverse.
            _crmPipeline = new SinkPipeline(crm.Name, Options.Resilience, Time, Logger);
        }
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
    public async ValueTask<bool> DrainOutboxAsync(CancellationToken cancellationToken = default)
    {
        await _tagLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _outbox.EnsureStateAsync(cancellationToken).ConfigureAwait(false);
            return await TryDrainAsync(new RunCounters(), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _tagLock.Release();
        }
    }

    /// <summary>Carries a finished call's outcome to the call system as tags, under the ownership rules.</summary>
    /// <param name="record">The call; its <see cref="CallRecord.CustomerReference"/> names the customer.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The version recorded (pushed, or buffered in the outbox while the call system is unavailable), or <see langword="null"/> when nothing changed (no mapper, no customer, or the rules kept the current tags).</returns>
    public async ValueTask<TagVersion?> ApplyCallOutcomeAsync(CallRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (_definition.CallOutcomeTags is not { } map || record.CustomerReference is not { Length: > 0 } customerId || !record.IsFinal)
        {
            return null;
        }

        var outcomeTags = map(record);
        await _tagLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _outbox.EnsureStateAsync(cancellationToken).ConfigureAwait(false);
            var latest = await Store.TagHistory.GetLatestAsync(Target, customerId, cancellationToken).ConfigureAwait(false);
            var current = latest?.Tags ?? [];
            var at = record.EndedAt ?? record.StartedAt;
            var merged = TagMerger.Merge(current, latest?.ChangedAt, outcomeTags, at, fromCrm: false, _definition.Ownership);
            if (TagSet.SetEquals(merged, current))
            {
                return null;
            }

            var plan = new Plan(customerId, [], merged, current, (latest?.Version ?? 0) + 1, at, "call:" + record.SourceSystem, TagChangeKind.Sync, null);
            var applied = await ApplyAsync([plan], NewRunId(), new RunCounters(), cancellationToken).ConfigureAwait(false);
            if (applied.FirstOrDefault() is { } version)
            {
                await WriteToCrmAsync(version, cancellationToken).ConfigureAwait(false);
                return version;
            }

            return null;
        }
        finally
        {
            _tagLock.Release();
        }
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
        var runId = NewRunId();
        await _tagLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _outbox.EnsureStateAsync(cancellationToken).ConfigureAwait(false);
            var history = await Store.TagHistory.GetHistoryAsync(Target, customerId, cancellationToken).ConfigureAwait(false);
            var wanted = history.FirstOrDefault(v => v.Version == version)
                ?? throw new ArgumentOutOfRangeException(nameof(version), version, "The customer has no such tag version.");
            var plans = await PlanRestoreAsync([(customerId, (IReadOnlyList<CustomerTag>)wanted.Tags)], origin, cancellationToken).ConfigureAwait(false);
            var applied = await ApplyAsync(plans, runId, new RunCounters(), cancellationToken).ConfigureAwait(false);
            foreach (var v in applied)
            {
                Log.TagsRolledBack(Logger, Target, v.CustomerId, version, origin);
            }

            return new TagRollbackResult(runId, applied);
        }
        finally
        {
            _tagLock.Release();
        }
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
        var rollbackRunId = NewRunId();
        await _tagLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _outbox.EnsureStateAsync(cancellationToken).ConfigureAwait(false);
            var versions = await Store.TagHistory.GetByRunAsync(runId, cancellationToken).ConfigureAwait(false);
            var restores = versions
                .Where(v => v.Target == Target)
                .GroupBy(v => v.CustomerId, StringComparer.Ordinal)
                .Select(g => (g.Key, g.MinBy(v => v.Version)!.PreviousTags))
                .ToList();
            var applied = new List<TagVersion>();
            foreach (var chunk in restores.Chunk(_batchSize))
            {
                var plans = await PlanRestoreAsync(chunk, origin, cancellationToken).ConfigureAwait(false);
                applied.AddRange(await ApplyAsync(plans, rollbackRunId, new RunCounters(), cancellationToken).ConfigureAwait(false));
            }

            return new TagRollbackResult(rollbackRunId, applied);
        }
        finally
        {
            _tagLock.Release();
        }
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

    internal override async ValueTask<bool> ReplayAsync(DeadLetterEntry entry, CancellationToken cancellationToken)
    {
        if (entry.Message.PayloadType != PayloadCodec.TagUpdateType)
        {
            return false;
        }

        var update = PayloadCodec.DeserializeTagUpdate(entry.Message.Payload);
        await _tagLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _outbox.EnsureStateAsync(cancellationToken).ConfigureAwait(false);
            var plans = await PlanRestoreAsync([(update.CustomerId, update.Tags)], "replay", cancellationToken).ConfigureAwait(false);
            var counters = new RunCounters();
            await ApplyAsync(plans, NewRunId(), counters, cancellationToken).ConfigureAwait(false);
            return counters.DeadLettered == 0;
        }
        finally
        {
            _tagLock.Release();
        }
    }

    private protected override long SinkRetries => _pipeline.Retries;

    private protected override Task DrainOutboxForRunAsync(RunCounters counters, CancellationToken cancellationToken, CancellationToken stoppingToken) =>
        DrainLockedAsync(counters, cancellationToken, stoppingToken);

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
                ct => _definition.Source.ReadChangesAsync(start.Request, ct),
                channel.Writer,
                static item => item,
                counters,
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
                        await TryDrainAsync(counters, cancellationToken, stop.StoppingToken).ConfigureAwait(false);
                        lastProbe = Time.GetTimestamp();
                    }

                    var plans = await PlanChangesAsync(batch, counters, cancellationToken).ConfigureAwait(false);

                    // The checkpoint never passes a change that is not final; it stops before it for the rest of the run.
                    var slot = tracker.Register(batch.ConvertAll(static i => (Checkpoint?)i.Position), batch.FindIndex(static i => !i.IsFinal));
                    var checkpoint = tracker.Complete(slot);
                    if (checkpoint is WatermarkCheckpoint cw && start.Stored is WatermarkCheckpoint sw && cw <= sw && !tracker.IsHeld)
                    {
                        checkpoint = null;
                    }

                    await ApplyAsync(plans, start.RunId, counters, cancellationToken, checkpoint).ConfigureAwait(false);
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

    /// <summary>Writes a call outcome's tag set into the CRM, when a CRM tag sink is configured.</summary>
    /// <remarks>The call system's side is already committed, so a failure here is reported (log, health) rather than thrown: throwing
    /// would make a caller retry an outcome that is already applied and would now be found unchanged.</remarks>
    private async Task WriteToCrmAsync(TagVersion version, CancellationToken cancellationToken)
    {
        if (_definition.CrmTagSink is not { } crm || _crmPipeline is null)
        {
            return;
        }

        var update = new CustomerTagUpdate { CustomerId = version.CustomerId, Tags = version.Tags, ChangedAt = version.ChangedAt, Version = version.Version };
        ConnectorError? error;
        try
        {
            var result = await _crmPipeline.WriteIsolatingAsync([update], static u => u.Key, crm.WriteTagsAsync, cancellationToken).ConfigureAwait(false);
            error = result.Outcomes[0] is { Kind: RecordOutcomeKind.Written or RecordOutcomeKind.Unchanged }
                ? null
                : result.Outcomes[0]?.Error ?? result.Unavailable ?? new ConnectorError { Code = ConnectorErrorCode.Unknown };
        }
        catch (ConnectorException ex)
        {
            error = ex.Error;
        }

        if (error is not null)
        {
            LastError = error;
            Log.CrmTagWriteFailed(Logger, Name, version.CustomerId, error.Code.Value);
        }
    }

    private async ValueTask<List<Plan>> PlanChangesAsync(List<SourceItem<CustomerChange>> batch, RunCounters counters, CancellationToken cancellationToken)
    {
        // The same customer twice in one batch: the later change wins.
        var latestChange = new Dictionary<string, CustomerChange>(StringComparer.Ordinal);
        foreach (var item in batch)
        {
            latestChange[item.Item.Customer.Id] = item.Item;
        }

        counters.Add(0, batch.Count - latestChange.Count, 0, 0);
        var ledger = await Store.Ledger.GetAsync(Name, latestChange.Keys.ToList(), cancellationToken).ConfigureAwait(false);
        var plans = new List<Plan>();
        foreach (var (customerId, change) in latestChange)
        {
            if (_definition.EngineIdentity is { } me && string.Equals(change.ChangedBy, me, StringComparison.Ordinal))
            {
                Log.EchoSuppressed(Logger, Name, customerId);
                counters.Add(0, 1, 0, 0);
                continue;
            }

            var latest = await Store.TagHistory.GetLatestAsync(Target, customerId, cancellationToken).ConfigureAwait(false);
            var current = latest?.Tags ?? [];
            var merged = TagMerger.Merge(current, latest?.ChangedAt, change.Customer.Tags, change.ChangedAt, fromCrm: true, _definition.Ownership);
            if (ledger.TryGetValue(customerId, out var refused) && refused.Status == DeliveryStatus.DeadLettered && refused.ContentHash == ContentHasher.Hash(merged))
            {
                // The call system refused exactly these tags already; they wait in dead letters for a fix.
                counters.Add(0, 1, 0, 0);
                continue;
            }

            if (latest is null ? merged.Count == 0 : TagSet.SetEquals(merged, current))
            {
                // Nothing to change; unless a crash interrupted the push of the latest version, which is then pushed again.
                if (latest is not null && ledger.TryGetValue(customerId, out var entry) && entry.Status == DeliveryStatus.Pending
                    && entry.ContentHash == ContentHasher.Hash(current))
                {
                    plans.Add(new Plan(customerId, change.Customer.PhoneNumbers, current, latest.PreviousTags, latest.Version, latest.ChangedAt, latest.Origin, latest.Kind, latest));
                }
                else
                {
                    counters.Add(0, 1, 0, 0);
                }

                continue;
            }

            plans.Add(new Plan(customerId, change.Customer.PhoneNumbers, merged, current, (latest?.Version ?? 0) + 1, change.ChangedAt, _definition.Source.Name, TagChangeKind.Sync, null));
        }

        return plans;
    }

    private async ValueTask<List<Plan>> PlanRestoreAsync(IEnumerable<(string CustomerId, IReadOnlyList<CustomerTag> Tags)> restores, string origin, CancellationToken cancellationToken)
    {
        var plans = new List<Plan>();
        var now = Now;
        foreach (var (customerId, tags) in restores)
        {
            var latest = await Store.TagHistory.GetLatestAsync(Target, customerId, cancellationToken).ConfigureAwait(false);
            var current = latest?.Tags ?? [];
            if (latest is not null && TagSet.SetEquals(current, tags))
            {
                continue;
            }

            plans.Add(new Plan(customerId, [], TagSet.Normalize(tags), current, (latest?.Version ?? 0) + 1, now, origin, TagChangeKind.Rollback, null));
        }

        return plans;
    }

    private async ValueTask<List<TagVersion>> ApplyAsync(List<Plan> plans, string runId, RunCounters counters, CancellationToken cancellationToken, Checkpoint? checkpoint = null)
    {
        var now = Now;
        var versions = plans.Where(p => p.Existing is null)
            .Select(p => new TagVersion(Target, p.CustomerId, p.Version, p.Tags, p.PreviousTags, p.ChangedAt, p.Origin, runId, p.Kind))
            .ToList();
        var updates = plans.ConvertAll(p => new CustomerTagUpdate
        {
            CustomerId = p.CustomerId,
            PhoneNumbers = p.PhoneNumbers,
            Tags = p.Tags,
            ChangedAt = p.ChangedAt,
            Version = p.Version,
        });
        var pending = plans.ConvertAll(p => new LedgerEntry(Name, p.CustomerId, ContentHasher.Hash(p.Tags), DeliveryStatus.Pending, null, now));

        if (plans.Count > 0 && _outbox.HoldsRecords)
        {
            // Degraded: earlier updates wait in the outbox, so these queue behind them. The version, its pending ledger entry and
            // the buffered update are one commit: whatever happens next, the update reaches the call system from the outbox.
            await CommitBufferedAsync(
                new StateCommit(Name) { TagVersions = versions, LedgerEntries = pending, OutboxMessages = updates.ConvertAll(u => ToOutbox(u, now)), Checkpoint = checkpoint },
                cancellationToken).ConfigureAwait(false);
            RecordOutcomes(counters, 0, 0, plans.Count, 0);
            return versions;
        }

        if (plans.Count > 0)
        {
            // The backup first: the version with the tags it replaces is durable before the call system is touched.
            await Store.CommitAsync(new StateCommit(Name) { TagVersions = versions, LedgerEntries = pending }, cancellationToken).ConfigureAwait(false);
        }

        var result = updates.Count == 0
            ? new SinkWriteResult([], null)
            : await _pipeline.WriteIsolatingAsync(updates, static u => u.Key, _definition.Sink.PushTagsAsync, cancellationToken).ConfigureAwait(false);

        var settled = new SettledTagUpdates(Name, Target, runId, now);
        var outbox = new List<OutboxMessage>();
        for (var i = 0; i < plans.Count; i++)
        {
            switch (result.Outcomes[i])
            {
                case { Kind: RecordOutcomeKind.Written or RecordOutcomeKind.Unchanged } ok:
                    settled.Confirmed(updates[i], ok, plans[i].Kind, plans[i].Origin);
                    break;
                case { Kind: RecordOutcomeKind.PermanentFailure } failed:
                    settled.Refused(updates[i], failed, plans[i].Tags, plans[i].PreviousTags);
                    Log.DeadLettered(Logger, Name, updates[i].Key, settled.DeadLetters[^1].ErrorCode);
                    break;
                default:
                    // The call system is unavailable: the update waits in the outbox (its version and pending entry are committed).
                    outbox.Add(ToOutbox(updates[i], now));
                    break;
            }
        }

        var commit = settled.ToCommit() with { OutboxMessages = outbox, Checkpoint = checkpoint };
        if (outbox.Count > 0)
        {
            LastError = result.Unavailable;
            Log.Buffered(Logger, Name, result.Unavailable?.Code.Value ?? "UNAVAILABLE", outbox.Count);
            await CommitBufferedAsync(commit, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await Store.CommitAsync(commit, cancellationToken).ConfigureAwait(false);
        }

        await Engine.AuditAsync(Name, settled.Changes, Logger, cancellationToken).ConfigureAwait(false);

        RecordOutcomes(counters, settled.Written, settled.Unchanged, outbox.Count, settled.DeadLetters.Count);
        return versions.Where(v => result.Outcomes[plans.FindIndex(p => p.CustomerId == v.CustomerId)]?.Kind is not RecordOutcomeKind.PermanentFailure).ToList();
    }

    private OutboxMessage ToOutbox(CustomerTagUpdate update, Instant now) =>
        new(Name, update.Key, "customer:" + update.CustomerId, PayloadCodec.TagUpdateType, PayloadCodec.Serialize(update), now);

    private async Task CommitBufferedAsync(StateCommit commit, CancellationToken cancellationToken)
    {
        await _bufferLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await Store.CommitAsync(commit, cancellationToken).ConfigureAwait(false);
            _outbox.MarkBuffered();
        }
        finally
        {
            _bufferLock.Release();
        }
    }

    private void RecordOutcomes(RunCounters counters, long written, long unchanged, long buffered, long dead)
    {
        counters.Add(written, unchanged, buffered, dead);
        var stream = new KeyValuePair<string, object?>("stream", Name);
        SyncMetrics.Records.Add(written, stream, new("outcome", "written"));
        SyncMetrics.Records.Add(buffered, stream, new("outcome", "buffered"));
        SyncMetrics.Records.Add(dead, stream, new("outcome", "dead_lettered"));
    }

    private async Task DrainLockedAsync(RunCounters counters, CancellationToken cancellationToken, CancellationToken stoppingToken = default)
    {
        await _tagLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _outbox.EnsureStateAsync(cancellationToken).ConfigureAwait(false);
            await TryDrainAsync(counters, cancellationToken, stoppingToken).ConfigureAwait(false);
        }
        finally
        {
            _tagLock.Release();
        }
    }

    /// <summary>Pushes buffered updates, oldest first. Called under the tag lock, so no new version is planned meanwhile.</summary>
    private Task<bool> TryDrainAsync(RunCounters counters, CancellationToken cancellationToken, CancellationToken stoppingToken = default) =>
        _outbox.DrainAsync(
            static entry => PayloadCodec.DeserializeTagUpdate(entry.Message.Payload),
            (entries, ct) => DeliverBufferedAsync(entries, counters, ct),
            counters,
            cancellationToken,
            stoppingToken);

    private async Task<StreamOutbox.DrainStep> DeliverBufferedAsync(List<(CustomerTagUpdate Item, long OutboxId)> entries, RunCounters counters, CancellationToken cancellationToken)
    {
        var updates = entries.ConvertAll(static e => e.Item);
        SinkWriteResult result;
        try
        {
            result = await _pipeline.WriteIsolatingAsync(updates, static u => u.Key, _definition.Sink.PushTagsAsync, cancellationToken).ConfigureAwait(false);
        }
        catch (ConnectorException ex) when (ex.Code.Is(ConnectorErrorCode.BudgetExhausted))
        {
            LastError = ex.Error;
            return new StreamOutbox.DrainStep(false, null, 0);
        }

        var now = Now;
        var customers = updates.Select(static u => u.CustomerId).Distinct(StringComparer.Ordinal).ToList();
        var ledger = await Store.Ledger.GetAsync(Name, customers, cancellationToken).ConfigureAwait(false);
        var settled = new SettledTagUpdates(Name, Target, NewRunId(), now);
        var completed = new List<long>();
        var allSettled = true;
        for (var i = 0; i < updates.Count && allSettled; i++)
        {
            var update = updates[i];
            var hash = ContentHasher.Hash(update.Tags);

            // The ledger holds the newest planned tag set per customer; an older buffered update does not overwrite its state.
            var isNewest = ledger.TryGetValue(update.CustomerId, out var entry) && entry.ContentHash == hash;
            switch (result.Outcomes[i])
            {
                case { Kind: RecordOutcomeKind.Written or RecordOutcomeKind.Unchanged } ok:
                    // The audit names what the version was (a sync or an operator's rollback), which the payload does not carry.
                    var version = (await Store.TagHistory.GetHistoryAsync(Target, update.CustomerId, cancellationToken).ConfigureAwait(false))
                        .FirstOrDefault(v => v.Version == update.Version);
                    settled.Confirmed(update, ok, version?.Kind ?? TagChangeKind.Sync, version?.Origin ?? string.Empty, recordLedger: isNewest);
                    completed.Add(entries[i].OutboxId);
                    break;
                case { Kind: RecordOutcomeKind.PermanentFailure } failed:
                    // Compensate only when no later version of the customer exists: a later whole-set update replaces what was refused.
                    var latest = await Store.TagHistory.GetLatestAsync(Target, update.CustomerId, cancellationToken).ConfigureAwait(false);
                    var refusedIsLatest = latest is not null && latest.Version == update.Version;
                    settled.Refused(update, failed, update.Tags, refusedIsLatest ? latest!.PreviousTags : null, recordLedger: isNewest);
                    Log.DeadLettered(Logger, Name, update.Key, settled.DeadLetters[^1].ErrorCode);
                    completed.Add(entries[i].OutboxId);
                    break;
                default:
                    allSettled = false;
                    break;
            }
        }

        await Store.CommitAsync(settled.ToCommit() with { CompletedOutboxIds = completed }, cancellationToken).ConfigureAwait(false);
        await Engine.AuditAsync(Name, settled.Changes, Logger, cancellationToken).ConfigureAwait(false);
        RecordOutcomes(counters, settled.Written, settled.Unchanged, 0, settled.DeadLetters.Count);
        if (!allSettled)
        {
            LastError = result.Unavailable;
        }

        return new StreamOutbox.DrainStep(allSettled, result.Unavailable?.Code.Value ?? "UNAVAILABLE", settled.Written);
    }

    private sealed record Plan(
        string CustomerId,
        IReadOnlyList<PhoneNumber> PhoneNumbers,
        IReadOnlyList<CustomerTag> Tags,
        IReadOnlyList<CustomerTag> PreviousTags,
        long Version,
        Instant ChangedAt,
        string Origin,
        TagChangeKind Kind,
        TagVersion? Existing);
}
