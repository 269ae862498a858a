using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CallCrm.Connectors.Model;
using CallCrm.Connectors.State;
using CallCrm.Connectors.Sync.Diagnostics;
using CallCrm.Connectors.Sync.Internal;

namespace CallCrm.Connectors.Sync.Tags;

/// <summary>Rolls tags in the call system back: one customer to an earlier version, or every change of one run.</summary>
/// <remarks>Internal, unlike <see cref="DeadLetters.DeadLetterService"/>: dead letters span an engine's streams, while a rollback belongs
/// to one tag stream (its lock, history, outbox and sink), so <see cref="TagSync"/> is where users find it.</remarks>
/// <param name="stream">The tag stream.</param>
/// <param name="planner">Plans the restored tag sets.</param>
/// <param name="writer">Pushes them.</param>
/// <param name="batchSize">Customers per push when a run is rolled back.</param>
internal sealed class TagRollbackService(TagSync stream, TagPlanner planner, TagUpdateWriter writer, int batchSize)
{
    private readonly TagSync _stream = stream;
    private readonly TagPlanner _planner = planner;
    private readonly TagUpdateWriter _writer = writer;
    private readonly int _batchSize = batchSize;

    /// <summary>See <see cref="TagSync.RollbackCustomerAsync"/>.</summary>
    public ValueTask<TagRollbackResult> RollbackCustomerAsync(string customerId, long version, string origin, CancellationToken cancellationToken)
    {
        var runId = _stream.NewRunId();
        return _stream.ExclusiveAsync(
            async ct =>
            {
                var history = await _stream.Store.TagHistory.GetHistoryAsync(_stream.Target, customerId, ct).ConfigureAwait(false);
                var wanted = history.FirstOrDefault(v => v.Version == version)
                    ?? throw new ArgumentOutOfRangeException(nameof(version), version, "The customer has no such tag version.");
                var plans = await _planner.PlanRestoreAsync([(customerId, (IReadOnlyList<CustomerTag>)wanted.Tags)], origin, ct).ConfigureAwait(false);
                var applied = await _writer.ApplyAsync(plans, runId, new RunCounters(), ct).ConfigureAwait(false);
                foreach (var v in applied)
                {
                    Log.TagsRolledBack(_stream.Logger, _stream.Target, v.CustomerId, version, origin);
                }

                return new TagRollbackResult(runId, applied);
            },
            cancellationToken);
    }

    /// <summary>See <see cref="TagSync.RollbackRunAsync"/>.</summary>
    public ValueTask<TagRollbackResult> RollbackRunAsync(string runId, string origin, CancellationToken cancellationToken)
    {
        var rollbackRunId = _stream.NewRunId();
        return _stream.ExclusiveAsync(
            async ct =>
            {
                var versions = await _stream.Store.TagHistory.GetByRunAsync(runId, ct).ConfigureAwait(false);
                var restores = versions
                    .Where(v => v.Target == _stream.Target)
                    .GroupBy(v => v.CustomerId, StringComparer.Ordinal)
                    .Select(g => (g.Key, g.MinBy(v => v.Version)!.PreviousTags))
                    .ToList();
                var applied = new List<TagVersion>();
                foreach (var chunk in restores.Chunk(_batchSize))
                {
                    var plans = await _planner.PlanRestoreAsync(chunk, origin, ct).ConfigureAwait(false);
                    applied.AddRange(await _writer.ApplyAsync(plans, rollbackRunId, new RunCounters(), ct).ConfigureAwait(false));
                }

                return new TagRollbackResult(rollbackRunId, applied);
            },
            cancellationToken);
    }
}
