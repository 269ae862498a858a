using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CallCrm.Connectors.Checkpoints;
using CallCrm.Connectors.Errors;
using CallCrm.Connectors.Model;
using CallCrm.Connectors.Providers;
using CallCrm.Connectors.State;
using CallCrm.Connectors.Sync.Diagnostics;
using CallCrm.Connectors.Sync.Internal;
using CallCrm.Connectors.Sync.Resilience;
using NodaTime;

namespace CallCrm.Connectors.Sync.Tags;

/// <summary>Pushes tag updates to the call system and settles them: the version is durable before the push; what the call system
/// cannot take waits in the outbox, which this class drains oldest first.</summary>
internal sealed class TagUpdateWriter
{
    private readonly TagSync _stream;
    private readonly TagStreamDefinition _definition;
    private readonly SinkPipeline _pipeline;
    private readonly StreamOutbox _outbox;
    private readonly SemaphoreSlim _bufferLock;

    /// <param name="stream">The tag stream.</param>
    /// <param name="definition">The stream's call system sink.</param>
    /// <param name="pipeline">The call system sink's resilience pipeline.</param>
    /// <param name="outbox">The stream's outbox.</param>
    /// <param name="bufferLock">The lock under which updates are buffered (shared with the outbox's state check).</param>
    public TagUpdateWriter(TagSync stream, TagStreamDefinition definition, SinkPipeline pipeline, StreamOutbox outbox, SemaphoreSlim bufferLock)
    {
        _stream = stream;
        _definition = definition;
        _pipeline = pipeline;
        _outbox = outbox;
        _bufferLock = bufferLock;
    }

    /// <summary>Records the planned versions and pushes them (or, while the stream is degraded, buffers them behind the outbox).</summary>
    /// <returns>The versions recorded, without those the call system refused.</returns>
    public async ValueTask<List<TagVersion>> ApplyAsync(List<TagPlan> plans, string runId, RunCounters counters, CancellationToken cancellationToken, Checkpoint? checkpoint = null)
    {
        var now = _stream.Now;
        var versions = plans.Where(p => p.Existing is null)
            .Select(p => new TagVersion(_stream.Target, p.CustomerId, p.Version, p.Tags, p.PreviousTags, p.ChangedAt, p.Origin, runId, p.Kind))
            .ToList();
        var updates = plans.ConvertAll(p => new CustomerTagUpdate
        {
            CustomerId = p.CustomerId,
            PhoneNumbers = p.PhoneNumbers,
            Tags = p.Tags,
            ChangedAt = p.ChangedAt,
            Version = p.Version,
        });
        var pending = plans.ConvertAll(p => new LedgerEntry(_stream.Name, p.CustomerId, ContentHasher.Hash(p.Tags), DeliveryStatus.Pending, null, now));

        if (plans.Count > 0 && _outbox.HoldsRecords)
        {
            // Degraded: earlier updates wait in the outbox, so these queue behind them. The version, its pending ledger entry and
            // the buffered update are one commit: whatever happens next, the update reaches the call system from the outbox.
            await CommitBufferedAsync(
                new StateCommit(_stream.Name) { TagVersions = versions, LedgerEntries = pending, OutboxMessages = updates.ConvertAll(u => ToOutbox(u, now)), Checkpoint = checkpoint },
                cancellationToken).ConfigureAwait(false);
            RecordOutcomes(counters, 0, 0, plans.Count, 0);
            return versions;
        }

        if (plans.Count > 0)
        {
            // The backup first: the version with the tags it replaces is durable before the call system is touched.
            await _stream.Store.CommitAsync(StreamFence.Apply(new StateCommit(_stream.Name) { TagVersions = versions, LedgerEntries = pending }), cancellationToken).ConfigureAwait(false);
        }

        var result = updates.Count == 0
            ? new SinkWriteResult([], null)
            : await _pipeline.WriteIsolatingAsync(updates, static u => u.Key, _definition.Sink.WriteAsync, cancellationToken).ConfigureAwait(false);

        var settled = new SettledTagUpdates(_stream.Name, _stream.Target, runId, now);
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
                    Log.DeadLettered(_stream.Logger, _stream.Name, updates[i].Key, settled.DeadLetters[^1].ErrorCode);
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
            _stream.LastError = result.Unavailable;
            Log.Buffered(_stream.Logger, _stream.Name, result.Unavailable?.Code.Value ?? "UNAVAILABLE", outbox.Count);
            await CommitBufferedAsync(commit, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await _stream.Store.CommitAsync(StreamFence.Apply(commit), cancellationToken).ConfigureAwait(false);
        }

        await _stream.Engine.AuditAsync(_stream.Name, settled.Changes, _stream.Logger, cancellationToken).ConfigureAwait(false);

        RecordOutcomes(counters, settled.Written, settled.Unchanged, outbox.Count, settled.DeadLetters.Count);
        return versions.Where(v => result.Outcomes[plans.FindIndex(p => p.CustomerId == v.CustomerId)]?.Kind is not RecordOutcomeKind.PermanentFailure).ToList();
    }

    private OutboxMessage ToOutbox(CustomerTagUpdate update, Instant now) =>
        new(_stream.Name, update.Key, "customer:" + update.CustomerId, PayloadCodec.TagUpdateType, PayloadCodec.Serialize(update), now);

    private async Task CommitBufferedAsync(StateCommit commit, CancellationToken cancellationToken)
    {
        await _bufferLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _stream.Store.CommitAsync(StreamFence.Apply(commit), cancellationToken).ConfigureAwait(false);
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
        _stream.Engine.Metrics.Settled(_stream.Name, written, unchanged, buffered, dead);
    }

    /// <summary>Gets or sets what applies a call outcome queued by an instance that did not hold the stream's lease (see
    /// <see cref="QueueCallOutcomeAsync"/>); called under the tag lock. Returns <see langword="false"/> when it was queued again.</summary>
    public Func<CallRecord, CancellationToken, Task<bool>>? ApplyQueuedCallOutcome { get; set; }

    /// <summary>Queues a call outcome durably in the stream's outbox, for the instance holding the stream's lease to apply: an append
    /// sends nothing to a sink, so it needs no fencing token, and the holder's next drain applies it (merged, versioned, pushed) in its
    /// customer's order. One entry per call: queuing the same call again replaces it.</summary>
    public async Task QueueCallOutcomeAsync(CallRecord record, string customerId, CancellationToken cancellationToken)
    {
        var message = new OutboxMessage(_stream.Name, "outcome:" + record.Key, "customer:" + customerId, PayloadCodec.CallRecordType, PayloadCodec.Serialize(record), _stream.Now);
        await _bufferLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _stream.Store.CommitAsync(new StateCommit(_stream.Name) { OutboxMessages = [message] }, cancellationToken).ConfigureAwait(false);
            _outbox.MarkBuffered();
        }
        finally
        {
            _bufferLock.Release();
        }
    }

    /// <summary>Pushes buffered updates (and applies queued call outcomes), oldest first. Called under the tag lock, so no new version
    /// is planned meanwhile.</summary>
    public Task<bool> TryDrainAsync(RunCounters counters, CancellationToken cancellationToken, CancellationToken stoppingToken = default) =>
        _outbox.DrainAsync(
            static entry => entry.Message.PayloadType == PayloadCodec.CallRecordType
                ? new BufferedTagWork(null, PayloadCodec.DeserializeCallRecord(entry.Message.Payload))
                : new BufferedTagWork(PayloadCodec.DeserializeTagUpdate(entry.Message.Payload), null),
            (entries, ct) => DeliverBufferedAsync(entries, counters, ct),
            counters,
            cancellationToken,
            stoppingToken);

    private async Task<StreamOutbox.DrainStep> DeliverBufferedAsync(List<(BufferedTagWork Item, OutboxCompletion Entry)> work, RunCounters counters, CancellationToken cancellationToken)
    {
        if (work.Count > 0 && work[0].Item.Outcome is { } outcome)
        {
            return await ApplyQueuedOutcomeAsync(outcome, work[0].Entry, cancellationToken).ConfigureAwait(false);
        }

        // The updates before the first queued call outcome; the drain reads the rest again, in order.
        var firstOutcome = work.FindIndex(static w => w.Item.Outcome is not null);
        var entries = (firstOutcome < 0 ? work : work.GetRange(0, firstOutcome)).ConvertAll(static w => (Item: w.Item.Update!, w.Entry));
        var updates = entries.ConvertAll(static e => e.Item);
        SinkWriteResult result;
        try
        {
            result = await _pipeline.WriteIsolatingAsync(updates, static u => u.Key, _definition.Sink.WriteAsync, cancellationToken).ConfigureAwait(false);
        }
        catch (ConnectorException ex) when (ex.Code.Is(ConnectorErrorCode.BudgetExhausted))
        {
            _stream.LastError = ex.Error;
            return new StreamOutbox.DrainStep(false, null, 0, ex.Error.RetryAfter);
        }

        var now = _stream.Now;
        var customers = updates.Select(static u => u.CustomerId).Distinct(StringComparer.Ordinal).ToList();
        var ledger = await _stream.Store.Ledger.GetAsync(_stream.Name, customers, cancellationToken).ConfigureAwait(false);
        var settled = new SettledTagUpdates(_stream.Name, _stream.Target, _stream.NewRunId(), now);
        var completed = new List<OutboxCompletion>();
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
                    var version = (await _stream.Store.TagHistory.GetHistoryAsync(_stream.Target, update.CustomerId, cancellationToken).ConfigureAwait(false))
                        .FirstOrDefault(v => v.Version == update.Version);
                    settled.Confirmed(update, ok, version?.Kind ?? TagChangeKind.Sync, version?.Origin ?? string.Empty, recordLedger: isNewest);
                    completed.Add(entries[i].Entry);
                    break;
                case { Kind: RecordOutcomeKind.PermanentFailure } failed:
                    // Compensate only when no later version of the customer exists: a later whole-set update replaces what was refused.
                    var latest = await _stream.Store.TagHistory.GetLatestAsync(_stream.Target, update.CustomerId, cancellationToken).ConfigureAwait(false);
                    var refusedIsLatest = latest is not null && latest.Version == update.Version;
                    settled.Refused(update, failed, update.Tags, refusedIsLatest ? latest!.PreviousTags : null, recordLedger: isNewest);
                    Log.DeadLettered(_stream.Logger, _stream.Name, update.Key, settled.DeadLetters[^1].ErrorCode);
                    completed.Add(entries[i].Entry);
                    break;
                default:
                    allSettled = false;
                    break;
            }
        }

        await _stream.Store.CommitAsync(StreamFence.Apply(settled.ToCommit() with { CompletedOutbox = completed }), cancellationToken).ConfigureAwait(false);
        await _stream.Engine.AuditAsync(_stream.Name, settled.Changes, _stream.Logger, cancellationToken).ConfigureAwait(false);
        RecordOutcomes(counters, settled.Written, settled.Unchanged, 0, settled.DeadLetters.Count);
        if (!allSettled)
        {
            _stream.LastError = result.Unavailable;
        }

        return new StreamOutbox.DrainStep(allSettled, result.Unavailable?.Code.Value ?? "UNAVAILABLE", settled.Written, result.Unavailable?.RetryAfter);
    }

    private async Task<StreamOutbox.DrainStep> ApplyQueuedOutcomeAsync(CallRecord outcome, OutboxCompletion entry, CancellationToken cancellationToken)
    {
        if (ApplyQueuedCallOutcome is not { } apply || !await apply(outcome, cancellationToken).ConfigureAwait(false))
        {
            // Queued again (another instance holds the lease now): the entry's new revision stays for the holder.
            return new StreamOutbox.DrainStep(false, ConnectorErrorCode.LeaseLost.Value, 0);
        }

        // Applied (its version pushed, or buffered behind this entry): remove this revision only.
        await _stream.Store.CommitAsync(StreamFence.Apply(new StateCommit(_stream.Name) { CompletedOutbox = [entry] }), cancellationToken).ConfigureAwait(false);
        return new StreamOutbox.DrainStep(true, null, 0);
    }

    /// <summary>A buffered entry of the tag stream: a tag update for the call system, or a call outcome queued for the lease holder.</summary>
    private sealed record BufferedTagWork(CustomerTagUpdate? Update, CallRecord? Outcome);
}
