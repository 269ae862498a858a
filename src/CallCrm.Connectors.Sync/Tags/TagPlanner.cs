using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CallCrm.Connectors.Model;
using CallCrm.Connectors.Providers;
using CallCrm.Connectors.State;
using CallCrm.Connectors.Sync.Diagnostics;
using CallCrm.Connectors.Sync.Internal;
using NodaTime;

namespace CallCrm.Connectors.Sync.Tags;

/// <summary>Decides which tag set each customer gets in the call system: from CRM changes under the ownership rules, or restored.</summary>
/// <param name="stream">The tag stream.</param>
/// <param name="definition">The stream's source, ownership rules and engine identity.</param>
internal sealed class TagPlanner(TagSync stream, TagStreamDefinition definition)
{
    private readonly TagSync _stream = stream;
    private readonly TagStreamDefinition _definition = definition;

    /// <summary>Plans a run's batch of CRM changes: the later change per customer, echoes and refused sets skipped, merged by ownership.</summary>
    public async ValueTask<List<TagPlan>> PlanChangesAsync(List<SourceItem<CustomerChange>> batch, RunCounters counters, CancellationToken cancellationToken)
    {
        // The same customer twice in one batch: the later change wins.
        var latestChange = new Dictionary<string, CustomerChange>(StringComparer.Ordinal);
        foreach (var item in batch)
        {
            latestChange[item.Item.Customer.Id] = item.Item;
        }

        Unchanged(counters, batch.Count - latestChange.Count);
        var ledger = await _stream.Store.Ledger.GetAsync(_stream.Name, latestChange.Keys.ToList(), cancellationToken).ConfigureAwait(false);
        var plans = new List<TagPlan>();
        foreach (var (customerId, change) in latestChange)
        {
            if (_definition.EngineIdentity is { } me && string.Equals(change.ChangedBy, me, StringComparison.Ordinal))
            {
                Log.EchoSuppressed(_stream.Logger, _stream.Name, customerId);
                Unchanged(counters, 1);
                continue;
            }

            var latest = await _stream.Store.TagHistory.GetLatestAsync(_stream.Target, customerId, cancellationToken).ConfigureAwait(false);
            var current = latest?.Tags ?? [];
            var merged = TagMerger.Merge(current, latest?.ChangedAt, change.Customer.Tags, change.ChangedAt, fromCrm: true, _definition.Ownership);
            if (!TagSet.SetEquals(merged, current) && await IsRolledBackAsync(customerId, change, cancellationToken).ConfigureAwait(false))
            {
                // The look-back read a change that a rollback undid: it is no new CRM edit, so the rollback holds.
                merged = [.. current];
            }

            if (ledger.TryGetValue(customerId, out var refused) && refused.Status == DeliveryStatus.DeadLettered && refused.ContentHash == ContentHasher.Hash(merged))
            {
                // The call system refused exactly these tags already; they wait in dead letters for a fix.
                Unchanged(counters, 1);
                continue;
            }

            if (latest is null ? merged.Count == 0 : TagSet.SetEquals(merged, current))
            {
                // Nothing to change; unless a crash interrupted the push of the latest version, which is then pushed again.
                if (latest is not null && ledger.TryGetValue(customerId, out var entry) && entry.Status == DeliveryStatus.Pending
                    && entry.ContentHash == ContentHasher.Hash(current))
                {
                    plans.Add(new TagPlan(customerId, change.Customer.PhoneNumbers, current, latest.PreviousTags, latest.Version, latest.ChangedAt, latest.Origin, latest.Kind, latest));
                }
                else
                {
                    Unchanged(counters, 1);
                }

                continue;
            }

            plans.Add(new TagPlan(customerId, change.Customer.PhoneNumbers, merged, current, (latest?.Version ?? 0) + 1, change.ChangedAt, _definition.Source.Name, TagChangeKind.Sync, null));
        }

        return plans;
    }

    /// <summary>Plans restoring tag sets (rollbacks and replays); customers that already hold them are skipped.</summary>
    public async ValueTask<List<TagPlan>> PlanRestoreAsync(IEnumerable<(string CustomerId, IReadOnlyList<CustomerTag> Tags)> restores, string origin, CancellationToken cancellationToken)
    {
        var plans = new List<TagPlan>();
        var now = _stream.Now;
        foreach (var (customerId, tags) in restores)
        {
            var latest = await _stream.Store.TagHistory.GetLatestAsync(_stream.Target, customerId, cancellationToken).ConfigureAwait(false);
            var current = latest?.Tags ?? [];
            if (latest is not null && TagSet.SetEquals(current, tags))
            {
                continue;
            }

            plans.Add(new TagPlan(customerId, [], TagSet.Normalize(tags), current, (latest?.Version ?? 0) + 1, now, origin, TagChangeKind.Rollback, null));
        }

        return plans;
    }

    /// <summary>Whether a CRM change is one a rollback undid: a rollback (an operator's, a replay's or a dead letter's compensation)
    /// is in the customer's history, and the change is not newer than the newest CRM change synced before that rollback.</summary>
    /// <remarks>CRM change times are compared with CRM change times only (never with this machine's clock), so clock skew between
    /// the two cannot let a re-read through. A genuinely new edit made within the same source timestamp as the rolled-back change
    /// waits for the CRM's next change of the customer.</remarks>
    private async ValueTask<bool> IsRolledBackAsync(string customerId, CustomerChange change, CancellationToken cancellationToken)
    {
        var history = await _stream.Store.TagHistory.GetHistoryAsync(_stream.Target, customerId, cancellationToken).ConfigureAwait(false);
        var rollback = history.LastOrDefault(static v => v.Kind == TagChangeKind.Rollback);
        if (rollback is null)
        {
            return false;
        }

        var undone = history
            .Where(v => v.Version < rollback.Version && v.Kind == TagChangeKind.Sync && string.Equals(v.Origin, _definition.Source.Name, StringComparison.Ordinal))
            .Select(static v => (Instant?)v.ChangedAt)
            .Max();
        return undone is { } at && change.ChangedAt <= at;
    }

    private void Unchanged(RunCounters counters, long count)
    {
        counters.Add(0, count, 0, 0);
        _stream.Engine.Metrics.Settled(_stream.Name, 0, count, 0, 0);
    }
}
