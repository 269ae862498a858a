using System;
using System.Collections.Generic;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using CallCrm.Connectors.Auditing;
using CallCrm.Connectors.Errors;
using CallCrm.Connectors.Model;
using CallCrm.Connectors.Providers;
using CallCrm.Connectors.State;
using CallCrm.Connectors.Sync.Diagnostics;
using CallCrm.Connectors.Sync.Resilience;

namespace CallCrm.Connectors.Sync.Internal;

/// <summary>Settles batches of call records, whether read by a run, pushed, drained from the outbox or replayed from dead letters.</summary>
/// <remarks>
/// Every batch goes through the same phases, in order: mapping and cleansing (<see cref="Prepare"/>); the newest version per key
/// (<see cref="KeepNewestPerKey"/>); the ledger's verdict (<see cref="ClassifyAsync"/>); the send, or the outbox while the stream is
/// degraded (<see cref="SendAsync"/>); the commit in read order with the checkpoint it justifies (<see cref="CallStateCommitter"/>); and the
/// answer to whoever waits (<see cref="CallSettlement.Complete"/>).
/// </remarks>
internal sealed class CallBatchSettler
{
    private static readonly ConnectorError UncertainDelivery = new()
    {
        Code = new ConnectorErrorCode("DELIVERY_UNCERTAIN"),
        TechnicalDetail = "A send to a sink without upsert support was interrupted; the target may or may not hold the record. Check the target, then replay or purge.",
    };

    private readonly CallLogSync _stream;
    private readonly CallLogStreamDefinition _definition;
    private readonly SinkPipeline _pipeline;
    private readonly StreamOutbox _outbox;
    private readonly CallStateCommitter _committer;
    private readonly KeyedGate _gate = new();
    private readonly bool _upsert;

    /// <param name="stream">The stream the batches belong to.</param>
    /// <param name="definition">The stream's source, sink and rules.</param>
    /// <param name="pipeline">The sink's resilience pipeline.</param>
    /// <param name="outbox">The stream's outbox.</param>
    /// <param name="committer">Commits the batches' outcomes.</param>
    public CallBatchSettler(CallLogSync stream, CallLogStreamDefinition definition, SinkPipeline pipeline, StreamOutbox outbox, CallStateCommitter committer)
    {
        _stream = stream;
        _definition = definition;
        _pipeline = pipeline;
        _outbox = outbox;
        _committer = committer;
        _upsert = definition.Sink.Capabilities.SupportsUpsertByExternalId;
    }

    private string Name => _stream.Name;

    /// <summary>Locks a run's batch's keys in read order, before its writer starts (see <see cref="KeyedGate"/>).</summary>
    public ValueTask<KeyedGate.Lease> EnterAsync(List<CallWork> batch, CancellationToken cancellationToken) =>
        _gate.EnterAsync(DistinctKeys(batch), cancellationToken);

    /// <summary>Settles one batch: every record ends written, unchanged, buffered or dead-lettered (or, drained, left in the outbox).</summary>
    /// <param name="batch">The records.</param>
    /// <param name="mode">Where they came from.</param>
    /// <param name="counters">Receives the outcomes.</param>
    /// <param name="run">The run the batch belongs to (run reads only).</param>
    /// <param name="slot">The batch's place in the run's checkpoint order (run reads only).</param>
    /// <param name="cancellationToken">Cancels the settling.</param>
    /// <param name="heldKeys">The batch's keys, when the caller locked them already.</param>
    public async Task<Result> SettleAsync(
        List<CallWork> batch,
        SettleMode mode,
        RunCounters counters,
        RunState? run,
        CheckpointTracker.Slot? slot,
        CancellationToken cancellationToken,
        KeyedGate.Lease? heldKeys = null)
    {
        var time = _stream.Time;
        var startedAt = time.GetTimestamp();
        using var activity = SyncActivitySource.Source.StartActivity(SyncActivitySource.Batch);
        activity?.SetTag("callcrm.stream", Name);
        activity?.SetTag("callcrm.batch.size", batch.Count);
        var settlement = new CallSettlement(Name, batch, mode, _stream.Now);

        // 1. Mapping and cleansing; a record the rules refuse is dead-lettered, the rest go on.
        Prepare(settlement);

        // 2. The same key twice in one batch: only the newest version is sent (of versions equally new, the last).
        var keys = KeepNewestPerKey(settlement);

        using (heldKeys is null ? await _gate.EnterAsync(keys, cancellationToken).ConfigureAwait(false) : default)
        {
            // 3. The ledger decides what is new, changed, unchanged or left uncertain by a crash.
            var toSend = await ClassifyAsync(settlement, keys, cancellationToken).ConfigureAwait(false);
            await SendAsync(settlement, toSend, run, cancellationToken).ConfigureAwait(false);

            // 4. A batch that buffers records commits after the batches read before it, so the outbox receives them in read order.
            //    The others commit at once: the checkpoint tracker moves only over a settled prefix anyway, and waiting here would
            //    hold this writer's slot while an earlier batch waits out a retry delay, stalling every writer behind one fault.
            if (slot is not null && settlement.Outbox.Count > 0)
            {
                await slot.PreviousFinished.WaitAsync(cancellationToken).ConfigureAwait(false);
            }

            // 5. One atomic commit: the batch's outcome together with the checkpoint it justifies.
            await _committer.CommitAsync(settlement.ToCommit(), run, slot, cancellationToken).ConfigureAwait(false);
            await _stream.Engine.AuditAsync(Name, settlement.Changes, _stream.Logger, cancellationToken).ConfigureAwait(false);
        }

        var (written, unchanged, buffered, dead) = settlement.Complete();
        counters.Add(written, unchanged, buffered, dead);
        _stream.Engine.Metrics.Settled(Name, written, unchanged, buffered, dead);
        _stream.Engine.Metrics.BatchCommitted(Name, time.GetElapsedTime(startedAt));
        if (run is not null)
        {
            run.Progress?.Report(counters.Snapshot(Name, run.RunId));
        }

        return new Result(settlement.AllSettled, settlement.FailureCode, settlement.RetryAfter);
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

    private void Prepare(CallSettlement s)
    {
        for (var i = 0; i < s.Batch.Count; i++)
        {
            try
            {
                s.Prepared[i] = Transform(s.Batch[i].Record);
            }
            catch (ConnectorException ex) when (!ex.IsTransient)
            {
                DeadLetter(s, i, ex.Error, null, 0);
            }
        }
    }

    private static List<string> KeepNewestPerKey(CallSettlement s)
    {
        var batch = s.Batch;
        var lastIndex = new Dictionary<string, int>(batch.Count, StringComparer.Ordinal);
        for (var i = 0; i < batch.Count; i++)
        {
            // Pushed status callbacks may arrive out of order: a later arrival replaces an earlier one unless that one is newer.
            if (s.Prepared[i] is { } record
                && !(lastIndex.TryGetValue(record.Key, out var kept) && RecordVersion.Of(s.Prepared[kept]!).IsNewerThan(RecordVersion.Of(record))))
            {
                lastIndex[record.Key] = i;
            }
        }

        var keys = new List<string>(lastIndex.Count);
        for (var i = 0; i < batch.Count; i++)
        {
            if (s.Prepared[i] is null)
            {
                continue;
            }

            if (lastIndex[batch[i].Record.Key] == i)
            {
                keys.Add(batch[i].Record.Key);
            }
            else
            {
                s.Settle(i, IngestOutcome.Unchanged);
            }
        }

        return keys;
    }

    /// <summary>Settles what the ledger already knows and returns the indexes of the records to send.</summary>
    private async Task<List<int>> ClassifyAsync(CallSettlement s, List<string> keys, CancellationToken cancellationToken)
    {
        var entries = s.Entries = keys.Count == 0
            ? new Dictionary<string, LedgerEntry>()
            : await _stream.Store.Ledger.GetAsync(Name, keys, cancellationToken).ConfigureAwait(false);
        var toSend = new List<int>(keys.Count);
        for (var i = 0; i < s.Batch.Count; i++)
        {
            // Not a pattern variable: a mutation tool turning the || into && must still compile (CS0165), or it skips the method.
            var record = s.Prepared[i];
            if (record is null || s.Outcomes[i] is not null)
            {
                continue;
            }

            var hash = s.Hashes[i] = ContentHasher.Hash(record);
            var entry = entries.GetValueOrDefault(record.Key);
            if (entry is not null && RecordVersion.Of(entry) is { } held && held.IsNewerThan(RecordVersion.Of(record)))
            {
                // Stale: a late status callback, an old dead letter or a second run re-reading; never sent over a newer version.
                Log.StaleVersion(_stream.Logger, Name, record.Key, held.IsFinal, held.UpdatedAt);
                s.Settle(i, IngestOutcome.Unchanged);
                continue;
            }

            if (entry is not null && entry.ContentHash == hash)
            {
                // A dead-lettered record is not resent when read or pushed again with the same content; a replay, and the outbox
                // entry a replay buffered while the sink was down, are the explicit requests to send it.
                if (entry.Status == DeliveryStatus.Delivered || (entry.Status == DeliveryStatus.DeadLettered && s.Mode is not (SettleMode.Replay or SettleMode.Drain)))
                {
                    s.Settle(i, IngestOutcome.Unchanged);
                    continue;
                }

                if (entry.Status == DeliveryStatus.Pending && !_upsert && s.Mode != SettleMode.Replay && _stream.Options.UncertainDelivery == UncertainDeliveryPolicy.DeadLetter)
                {
                    DeadLetter(s, i, UncertainDelivery, hash, 1);
                    continue;
                }
            }

            toSend.Add(i);
        }

        return toSend;
    }

    private async Task SendAsync(CallSettlement s, List<int> toSend, RunState? run, CancellationToken cancellationToken)
    {
        if (toSend.Count == 0)
        {
            return;
        }

        if (s.Mode != SettleMode.Drain && (_outbox.HoldsRecords || StreamFence.MustBuffer))
        {
            // Degraded: older records of the stream wait in the outbox, so these queue behind them. Or another instance holds the
            // stream's lease: only the holder writes, and it drains these from the shared outbox.
            await BufferAsync(s, toSend, cancellationToken).ConfigureAwait(false);
            return;
        }

        var result = await WriteAsync(s, toSend, cancellationToken).ConfigureAwait(false);
        var unsent = new List<int>();
        for (var j = 0; j < toSend.Count; j++)
        {
            var i = toSend[j];
            switch (result.Outcomes[j])
            {
                case { Kind: RecordOutcomeKind.Written or RecordOutcomeKind.Unchanged } confirmed:
                    Confirmed(s, i, confirmed, run);
                    break;
                case { Kind: RecordOutcomeKind.PermanentFailure } failed:
                    DeadLetter(s, i, failed.Error ?? new ConnectorError { Code = ConnectorErrorCode.Unknown }, s.Hashes[i], 1);
                    break;
                default:
                    s.FailureCode ??= result.Unavailable?.Code.Value;
                    s.RetryAfter ??= result.Unavailable?.RetryAfter;
                    unsent.Add(i);
                    break;
            }
        }

        await BufferAsync(s, unsent, cancellationToken).ConfigureAwait(false);

        if (result.Unavailable is { } unavailable)
        {
            _stream.LastError = unavailable;
            if (s.Outbox.Count > 0)
            {
                Log.Buffered(_stream.Logger, Name, unavailable.Code.Value, s.Outbox.Count);
            }
        }
    }

    /// <summary>Writes the records to the sink, after committing their pending ledger entries (write-ahead).</summary>
    /// <remarks>The pending entries carry the versions being sent, so the ledger knows of a version before the sink may hold it: when
    /// the process dies between the sink's acknowledgement and the commit recording it, a late older version (a status callback, an old
    /// dead letter) is still found stale, never sent over the newer one. For sinks without upsert support they also mark the send as
    /// uncertain (<see cref="UncertainDeliveryPolicy"/>); an upsert sink just receives the pending version again when it comes back.</remarks>
    private async Task<SinkWriteResult> WriteAsync(CallSettlement s, List<int> toSend, CancellationToken cancellationToken)
    {
        var pending = toSend.ConvertAll(i => s.VersionOf(i).On(new LedgerEntry(Name, s.KeyOf(i), s.Hashes[i], DeliveryStatus.Pending, null, s.Now)));
        await _committer.CommitAsync(new StateCommit(Name) { LedgerEntries = pending }, null, null, cancellationToken).ConfigureAwait(false);
        s.PendingWritten = true;

        var records = toSend.ConvertAll(i => s.Prepared[i]!);
        try
        {
            return await _pipeline.WriteIsolatingAsync(records, static r => r.Key, _definition.Sink.WriteAsync, cancellationToken).ConfigureAwait(false);
        }
        catch (ConnectorException ex) when (s.Mode == SettleMode.Ingest || (s.Mode == SettleMode.Replay && ex.IsTransient))
        {
            // A pushed record cannot be read again: whatever the sink's failure, it waits in the outbox.
            _stream.LastError = ex.Error;
            return new SinkWriteResult(new RecordOutcome?[records.Count], ex.Error);
        }
        catch (ConnectorException) when (s.PendingWritten)
        {
            var revert = toSend.ConvertAll(s.PreviousOrPending);
            await _committer.CommitAsync(new StateCommit(Name) { LedgerEntries = revert }, null, null, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
    }

    private void Confirmed(CallSettlement s, int i, RecordOutcome confirmed, RunState? run)
    {
        var key = s.KeyOf(i);
        s.Ledger.Add(s.VersionOf(i).On(new LedgerEntry(Name, key, s.Hashes[i], DeliveryStatus.Delivered, confirmed.TargetId, s.Now)));
        s.Settle(i, confirmed.Kind == RecordOutcomeKind.Written ? IngestOutcome.Written : IngestOutcome.Unchanged);
        if (confirmed.Kind == RecordOutcomeKind.Written)
        {
            var delivered = s.Entries.TryGetValue(key, out var before) && before.Status == DeliveryStatus.Delivered;
            s.Changes.Add(new DataChange
            {
                Kind = delivered ? DataChangeKind.CallUpdated : DataChangeKind.CallWritten,
                Stream = Name,
                EntityType = DataChangeEntityTypes.Call,
                EntityKey = key,
                TargetSystem = _definition.Sink.Name,
                RunId = run?.RunId,
            });
        }
    }

    private void DeadLetter(CallSettlement s, int i, ConnectorError error, string? hash, int attempts)
    {
        var key = s.KeyOf(i);
        if (s.Mode != SettleMode.Replay)
        {
            // The original record is kept, so a fixed and replayed record goes through the same mapping again.
            s.DeadLetters.Add(new DeadLetterMessage(Name, key, error.Code.Value, error.TechnicalDetail ?? error.Code.Value, PayloadCodec.CallRecordType, PayloadCodec.Serialize(s.Batch[i].Record), s.Now, attempts));
        }

        if (hash is not null)
        {
            s.Ledger.Add(s.VersionOf(i).On(new LedgerEntry(Name, key, hash, DeliveryStatus.DeadLettered, null, s.Now)));
        }

        Log.DeadLettered(_stream.Logger, Name, key, error.Code.Value);
        s.Settle(i, IngestOutcome.DeadLettered);
    }

    /// <summary>Buffers records in the outbox (or, drained, leaves them there), except those older than the version of their key
    /// that waits there already: the outbox keeps one message per key, and a late older version must not replace a newer one.</summary>
    private async Task BufferAsync(CallSettlement s, List<int> indexes, CancellationToken cancellationToken)
    {
        if (indexes.Count == 0)
        {
            return;
        }

        var waiting = s.Mode == SettleMode.Drain
            ? null
            : await _stream.Store.Outbox.GetAsync(Name, indexes.ConvertAll(s.KeyOf), cancellationToken).ConfigureAwait(false);
        foreach (var i in indexes)
        {
            if (waiting?.GetValueOrDefault(s.KeyOf(i)) is { } entry && VersionOf(entry) is { } held && held.IsNewerThan(RecordVersion.Of(s.Batch[i].Record)))
            {
                Log.StaleBehindOutbox(_stream.Logger, Name, s.KeyOf(i), held.IsFinal, held.UpdatedAt);
                s.Settle(i, IngestOutcome.Unchanged);
                if (s.PendingWritten)
                {
                    s.Ledger.Add(s.PreviousOrPending(i));
                }

                continue;
            }

            Buffer(s, i);
        }
    }

    /// <summary>The version of a waiting entry, or <see langword="null"/> when its payload is unreadable (the drain dead-letters it).</summary>
    private static RecordVersion? VersionOf(OutboxEntry entry)
    {
        try
        {
            return RecordVersion.Of(PayloadCodec.DeserializeCallRecord(entry.Message.Payload));
        }
        catch (ConnectorException)
        {
            return null;
        }
    }

    private void Buffer(CallSettlement s, int i)
    {
        if (s.Mode == SettleMode.Drain)
        {
            s.LeaveInOutbox();
        }
        else
        {
            var record = s.Batch[i].Record;
            s.Outbox.Add(new OutboxMessage(Name, record.Key, PartitionOf(record), PayloadCodec.CallRecordType, PayloadCodec.Serialize(record), s.Now));
            s.Settle(i, IngestOutcome.Buffered);
        }

        if (s.PendingWritten)
        {
            // Nothing was confirmed: put the ledger back as it was, so the record is not taken for an uncertain send.
            s.Ledger.Add(s.PreviousOrPending(i));
        }
    }

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

    /// <summary>What settling one batch achieved.</summary>
    /// <param name="AllSettled">Whether every record of a drained batch was settled (none left in the outbox).</param>
    /// <param name="FailureCode">Why the sink could not take a record, or <see langword="null"/>.</param>
    /// <param name="RetryAfter">How long the sink asked to be left alone, or <see langword="null"/>.</param>
    public readonly record struct Result(bool AllSettled, string? FailureCode, TimeSpan? RetryAfter);
}
