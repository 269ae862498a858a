using System.Collections.Generic;
using System.Linq;
using CallCrm.Connectors.Auditing;
using CallCrm.Connectors.Errors;
using CallCrm.Connectors.Model;
using CallCrm.Connectors.Providers;
using CallCrm.Connectors.State;
using CallCrm.Connectors.Sync.Internal;
using NodaTime;

namespace CallCrm.Connectors.Sync.Tags;

/// <summary>Collects what the call system answered for tag updates (pushed directly or drained from the outbox) as one state commit.</summary>
internal sealed class SettledTagUpdates(string stream, string target, string runId, Instant now)
{
    private readonly List<LedgerEntry> _ledger = [];
    private readonly List<TagVersion> _compensations = [];

    public List<DeadLetterMessage> DeadLetters { get; } = [];

    /// <summary>Gets the changes to report to the engine's auditor once the commit is durable.</summary>
    public List<DataChange> Changes { get; } = [];

    public long Written { get; private set; }

    public long Unchanged { get; private set; }

    public void Confirmed(CustomerTagUpdate update, RecordOutcome outcome, TagChangeKind kind, string origin, bool recordLedger = true)
    {
        if (recordLedger)
        {
            _ledger.Add(new LedgerEntry(stream, update.CustomerId, ContentHasher.Hash(update.Tags), DeliveryStatus.Delivered, outcome.TargetId, now));
        }

        if (outcome.Kind == RecordOutcomeKind.Written)
        {
            Written++;
            Changes.Add(new DataChange
            {
                Kind = kind == TagChangeKind.Rollback ? DataChangeKind.TagsRolledBack : DataChangeKind.TagsPushed,
                Stream = stream,
                EntityType = DataChangeEntityTypes.CustomerTags,
                EntityKey = update.CustomerId,
                TargetSystem = target,
                Fields = [.. update.Tags.Select(t => t.Name)],
                RunId = runId,
                Actor = kind == TagChangeKind.Rollback ? origin : null,
            });
        }
        else
        {
            Unchanged++;
        }
    }

    /// <param name="update">The refused update.</param>
    /// <param name="outcome">The call system's answer.</param>
    /// <param name="refusedTags">The tags refused.</param>
    /// <param name="heldTags">What the call system still holds, recorded as a compensating version; <see langword="null"/> when a later version supersedes the refused one.</param>
    /// <param name="recordLedger">Whether the ledger's entry for the customer is this update's.</param>
    public void Refused(CustomerTagUpdate update, RecordOutcome outcome, IReadOnlyList<CustomerTag> refusedTags, IReadOnlyList<CustomerTag>? heldTags, bool recordLedger = true)
    {
        var error = outcome.Error ?? new ConnectorError { Code = ConnectorErrorCode.Unknown };
        DeadLetters.Add(new DeadLetterMessage(stream, update.Key, error.Code.Value, error.TechnicalDetail ?? error.Code.Value, PayloadCodec.TagUpdateType, PayloadCodec.Serialize(update), now, 1));
        if (heldTags is not null)
        {
            // The call system still holds the previous tags: say so in the history, so the latest version is the truth.
            _compensations.Add(new TagVersion(target, update.CustomerId, update.Version + 1, heldTags, refusedTags, now, "dead-letter", runId, TagChangeKind.Rollback));
        }

        if (recordLedger)
        {
            // Keyed by the refused tags, so that reading the same change again (look-back) does not dead-letter it again.
            _ledger.Add(new LedgerEntry(stream, update.CustomerId, ContentHasher.Hash(refusedTags), DeliveryStatus.DeadLettered, null, now));
        }
    }

    public StateCommit ToCommit() => new(stream) { LedgerEntries = _ledger, DeadLetters = DeadLetters, TagVersions = _compensations };
}
