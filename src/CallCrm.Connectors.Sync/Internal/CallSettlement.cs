using System;
using System.Collections.Generic;
using CallCrm.Connectors.Auditing;
using CallCrm.Connectors.Model;
using CallCrm.Connectors.State;
using NodaTime;

namespace CallCrm.Connectors.Sync.Internal;

/// <summary>One batch of call records being settled: what each record became, and what the batch commits.</summary>
/// <remarks>Filled by the phases of <see cref="CallBatchSettler"/>; committed as one <see cref="StateCommit"/>.</remarks>
internal sealed class CallSettlement(string stream, List<CallWork> batch, SettleMode mode, Instant now)
{
    public string Stream { get; } = stream;

    public List<CallWork> Batch { get; } = batch;

    public SettleMode Mode { get; } = mode;

    /// <summary>Gets the time the batch's entries are stamped with.</summary>
    public Instant Now { get; } = now;

    /// <summary>Gets what each record became; <see langword="null"/> while it is not settled.</summary>
    public IngestOutcome?[] Outcomes { get; } = new IngestOutcome?[batch.Count];

    /// <summary>Gets each record after mapping and cleansing; <see langword="null"/> when the rules refused it.</summary>
    public CallRecord?[] Prepared { get; } = new CallRecord?[batch.Count];

    /// <summary>Gets each prepared record's content hash, once the ledger phase computed it.</summary>
    public string[] Hashes { get; } = new string[batch.Count];

    public List<LedgerEntry> Ledger { get; } = [];

    public List<DeadLetterMessage> DeadLetters { get; } = [];

    public List<OutboxMessage> Outbox { get; } = [];

    public List<OutboxCompletion> CompletedOutbox { get; } = [];

    /// <summary>Gets the changes to report to the engine's auditor once the commit is durable.</summary>
    public List<DataChange> Changes { get; } = [];

    /// <summary>Gets or sets the ledger entries of the batch's keys as they were before the batch.</summary>
    public IReadOnlyDictionary<string, LedgerEntry> Entries { get; set; } = new Dictionary<string, LedgerEntry>();

    /// <summary>Gets or sets whether pending ledger entries were committed before the send (sinks without upsert support).</summary>
    public bool PendingWritten { get; set; }

    /// <summary>Gets whether every record of a drained batch was settled (none left in the outbox).</summary>
    public bool AllSettled { get; private set; } = true;

    /// <summary>Gets or sets why the sink could not take a record, recorded on the outbox entry that stays.</summary>
    public string? FailureCode { get; set; }

    /// <summary>Gets or sets how long the sink asked to be left alone (Retry-After, or until its circuit half-opens), or <see langword="null"/>.</summary>
    public TimeSpan? RetryAfter { get; set; }

    public string KeyOf(int i) => Batch[i].Record.Key;

    /// <summary>The version of a prepared record, which its ledger entries carry.</summary>
    public RecordVersion VersionOf(int i) => RecordVersion.Of(Prepared[i]!);

    public void Settle(int i, IngestOutcome result)
    {
        Outcomes[i] = result;
        if (Batch[i].Outbox is { } entry && result != IngestOutcome.Buffered)
        {
            CompletedOutbox.Add(entry);
        }
    }

    /// <summary>Notes that a drained record stays in the outbox.</summary>
    public void LeaveInOutbox() => AllSettled = false;

    /// <summary>The pending entry to restore when nothing was confirmed, so the record is not taken for an uncertain send.</summary>
    public LedgerEntry PreviousOrPending(int i)
    {
        var previous = Entries.GetValueOrDefault(KeyOf(i));
        return previous is { Status: not DeliveryStatus.Pending }
            ? previous
            : new LedgerEntry(Stream, KeyOf(i), string.Empty, DeliveryStatus.Pending, null, Now);
    }

    public StateCommit ToCommit() =>
        new(Stream) { LedgerEntries = Ledger, DeadLetters = DeadLetters, OutboxMessages = Outbox, CompletedOutbox = CompletedOutbox };

    /// <summary>Completes the callers waiting on settled records and counts the outcomes.</summary>
    public (long Written, long Unchanged, long Buffered, long DeadLettered) Complete()
    {
        long written = 0, unchanged = 0, buffered = 0, dead = 0;
        for (var i = 0; i < Batch.Count; i++)
        {
            switch (Outcomes[i])
            {
                case IngestOutcome.Written: written++; break;
                case IngestOutcome.Unchanged: unchanged++; break;
                case IngestOutcome.Buffered: buffered++; break;
                case IngestOutcome.DeadLettered: dead++; break;
                default: break;
            }

            if (Outcomes[i] is { } settled)
            {
                Batch[i].Completion?.TrySetResult(settled);
            }
        }

        return (written, unchanged, buffered, dead);
    }
}
