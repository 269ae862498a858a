using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CallCrm.Connectors.Errors;
using CallCrm.Connectors.Model;
using CallCrm.Connectors.Providers;
using CallCrm.Connectors.State;
using CallCrm.Connectors.Sync.Diagnostics;
using CallCrm.Connectors.Sync.Internal;
using CallCrm.Connectors.Sync.Resilience;

namespace CallCrm.Connectors.Sync.Tags;

/// <summary>Carries finished calls' outcomes to the call system as tags (and, where configured, into the CRM), under the ownership rules.</summary>
/// <remarks>
/// <para>Internal: users reach it through <see cref="TagSync.ApplyCallOutcomeAsync"/>, which it shares the stream's lock, history
/// and outbox with.</para>
/// <para>The CRM takes a customer's whole tag set, so a write based on what the stream last read would erase a CRM edit made since
/// (and the edit's echo would then hide it for good). Before writing into the CRM, the tagger therefore catches up: under the
/// stream's lock it reads the CRM's changes since the stream's checkpoint (minus look-back, as a run does), and applies the
/// customer's latest one as a run would (merged under the ownership rules, pushed to the call system, versioned). The outcome is
/// merged onto that version, so the CRM is given back every edit it reported, plus the outcome. The checkpoint does not move: the
/// next run reads the same changes and finds them applied. When the catch-up read fails, or the call system refuses the customer's
/// CRM change, the CRM's tags are not known and nothing is written into the CRM (reported as for a failed CRM write); the call
/// system still gets the outcome.</para>
/// </remarks>
internal sealed class CallOutcomeTagger
{
    private readonly TagSync _stream;
    private readonly TagStreamDefinition _definition;
    private readonly TagPlanner _planner;
    private readonly TagUpdateWriter _writer;
    private readonly SinkPipeline? _crmPipeline;

    /// <param name="stream">The tag stream.</param>
    /// <param name="definition">The stream's outcome mapping, ownership rules and CRM tag sink.</param>
    /// <param name="planner">Plans the CRM's changes read before a CRM write.</param>
    /// <param name="writer">Pushes the tag sets to the call system.</param>
    public CallOutcomeTagger(TagSync stream, TagStreamDefinition definition, TagPlanner planner, TagUpdateWriter writer)
    {
        _stream = stream;
        _definition = definition;
        _planner = planner;
        _writer = writer;
        if (definition.CrmTagSink is { } crm)
        {
            // Its own retries and circuit: a CRM outage must not open the call system's breaker, nor the reverse.
            _crmPipeline = stream.CreatePipeline(crm.Name, crm.Capabilities, SinkResiliencePipelines.KeyFor(stream.Name) + SinkResiliencePipelines.CrmTagSinkSuffix);
        }
    }

    /// <summary>See <see cref="TagSync.ApplyCallOutcomeAsync"/>.</summary>
    public async ValueTask<TagVersion?> ApplyAsync(CallRecord record, CancellationToken cancellationToken)
    {
        if (_definition.CallOutcomeTags is null || record.CustomerReference is not { Length: > 0 } customerId || !record.IsFinal)
        {
            return null;
        }

        return await _stream.ExclusiveAsync(async ct => (await ApplyLockedAsync(record, customerId, ct).ConfigureAwait(false)).Version, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Applies a call outcome queued by an instance that did not hold the stream's lease; called under the tag lock.</summary>
    /// <returns><see langword="false"/> when it was queued again (another instance holds the lease now).</returns>
    public async Task<bool> ApplyQueuedAsync(CallRecord record, CancellationToken cancellationToken)
    {
        if (_definition.CallOutcomeTags is null || record.CustomerReference is not { Length: > 0 } customerId || !record.IsFinal)
        {
            return true;
        }

        return !(await ApplyLockedAsync(record, customerId, cancellationToken).ConfigureAwait(false)).Queued;
    }

    /// <summary>Applies the outcome under the stream's lease (when the engine has a lease provider); when another instance holds the
    /// lease, or this one loses it before the outcome is committed, the outcome is queued durably in the stream's outbox for the holder.</summary>
    private async Task<(TagVersion? Version, bool Queued)> ApplyLockedAsync(CallRecord record, string customerId, CancellationToken cancellationToken)
    {
        TagVersion? version = null;
        try
        {
            if (await _stream.TryUnderLeaseAsync(async ct => version = await ApplyUnderLeaseAsync(record, customerId, ct).ConfigureAwait(false), cancellationToken).ConfigureAwait(false))
            {
                return (version, false);
            }
        }
        catch (ConnectorException ex) when (ex.Code.Is(ConnectorErrorCode.LeaseLost))
        {
            // Fenced out: the store refused this instance's commit. The outcome is queued below, for the new holder.
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The lease was lost while the outcome was being applied (its keep-alive noticed).
        }

        await _writer.QueueCallOutcomeAsync(record, customerId, cancellationToken).ConfigureAwait(false);
        Log.CallOutcomeQueued(_stream.Logger, _stream.Name, customerId);
        return (null, true);
    }

    private async Task<TagVersion?> ApplyUnderLeaseAsync(CallRecord record, string customerId, CancellationToken ct)
    {
        var outcomeTags = _definition.CallOutcomeTags!(record);

        // Only a CRM write needs the CRM's current tags; without a CRM tag sink the next run merges what the CRM changed.
        var crmUnknown = _crmPipeline is null ? null : await CatchUpAsync(customerId, ct).ConfigureAwait(false);
        var latest = await _stream.Store.TagHistory.GetLatestAsync(_stream.Target, customerId, ct).ConfigureAwait(false);
        var current = latest?.Tags ?? [];
        var at = record.EndedAt ?? record.StartedAt;
        var merged = TagMerger.Merge(current, latest?.ChangedAt, outcomeTags, at, fromCrm: false, _definition.Ownership);
        if (TagSet.SetEquals(merged, current))
        {
            return null;
        }

        var plan = new TagPlan(customerId, [], merged, current, (latest?.Version ?? 0) + 1, at, "call:" + record.SourceSystem, TagChangeKind.Sync, null);
        var applied = await _writer.ApplyAsync([plan], _stream.NewRunId(), new RunCounters(), ct).ConfigureAwait(false);
        if (applied.FirstOrDefault() is { } version)
        {
            if (crmUnknown is null)
            {
                await WriteToCrmAsync(version, ct).ConfigureAwait(false);
            }
            else
            {
                ReportCrmNotWritten(customerId, crmUnknown);
            }

            return version;
        }

        return null;
    }

    /// <summary>Reads the CRM's changes since the stream's checkpoint and applies the customer's latest one, as a run would.</summary>
    /// <returns><see langword="null"/> when the stream's latest version holds every CRM change of the customer; otherwise why the
    /// CRM's tags are not known (the read failed, or the call system refused the change).</returns>
    private async Task<ConnectorError?> CatchUpAsync(string customerId, CancellationToken cancellationToken)
    {
        SourceItem<CustomerChange>? change = null;
        try
        {
            var stored = await _stream.Store.Checkpoints.GetAsync(_stream.Name, cancellationToken).ConfigureAwait(false);
            await foreach (var item in _definition.Source.ReadAsync(_stream.ReadRequestFrom(stored), cancellationToken).ConfigureAwait(false))
            {
                if (string.Equals(item.Item.Customer.Id, customerId, StringComparison.Ordinal))
                {
                    change = item;
                }
            }
        }
        catch (ConnectorException ex)
        {
            return ex.Error;
        }

        if (change is null)
        {
            return null;
        }

        var plans = await _planner.PlanChangesAsync([change], new RunCounters(), cancellationToken).ConfigureAwait(false);
        var applied = await _writer.ApplyAsync(plans, _stream.NewRunId(), new RunCounters(), cancellationToken).ConfigureAwait(false);
        return applied.Count == plans.Count ? null : new ConnectorError { Code = ConnectorErrorCode.Conflict };
    }

    private void ReportCrmNotWritten(string customerId, ConnectorError error)
    {
        _stream.LastError = error;
        Log.CrmTagWriteFailed(_stream.Logger, _stream.Name, customerId, error.Code.Value);
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
            var result = await _crmPipeline.WriteIsolatingAsync([update], static u => u.Key, crm.WriteAsync, cancellationToken).ConfigureAwait(false);
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
            ReportCrmNotWritten(version.CustomerId, error);
        }
    }
}
