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
/// <remarks>Internal: users reach it through <see cref="TagSync.ApplyCallOutcomeAsync"/>, which it shares the stream's lock, history
/// and outbox with.</remarks>
internal sealed class CallOutcomeTagger
{
    private readonly TagSync _stream;
    private readonly TagStreamDefinition _definition;
    private readonly TagUpdateWriter _writer;
    private readonly SinkPipeline? _crmPipeline;

    /// <param name="stream">The tag stream.</param>
    /// <param name="definition">The stream's outcome mapping, ownership rules and CRM tag sink.</param>
    /// <param name="writer">Pushes the tag sets to the call system.</param>
    public CallOutcomeTagger(TagSync stream, TagStreamDefinition definition, TagUpdateWriter writer)
    {
        _stream = stream;
        _definition = definition;
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
        if (_definition.CallOutcomeTags is not { } map || record.CustomerReference is not { Length: > 0 } customerId || !record.IsFinal)
        {
            return null;
        }

        var outcomeTags = map(record);
        return await _stream.ExclusiveAsync(
            async ct =>
            {
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
                    await WriteToCrmAsync(version, ct).ConfigureAwait(false);
                    return version;
                }

                return (TagVersion?)null;
            },
            cancellationToken).ConfigureAwait(false);
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
            _stream.LastError = error;
            Log.CrmTagWriteFailed(_stream.Logger, _stream.Name, version.CustomerId, error.Code.Value);
        }
    }
}
