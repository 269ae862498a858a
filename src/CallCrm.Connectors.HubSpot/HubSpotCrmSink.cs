using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CallCrm.Connectors.Errors;
using CallCrm.Connectors.HubSpot.Api;
using CallCrm.Connectors.HubSpot.Internal;
using CallCrm.Connectors.Model;
using CallCrm.Connectors.Providers;
using Microsoft.Extensions.Logging;

namespace CallCrm.Connectors.HubSpot;

/// <summary>
/// Writes call records as HubSpot call engagements, exactly once per <see cref="CallRecord.Key"/>: the key goes into a
/// unique call property, so a replay (after a lost response, a crash or a retry) updates or finds the engagement it
/// already created instead of adding another. Each call is associated with the contact(s) behind the customer's
/// number as <see cref="HubSpotOptions.CallerResolution"/> decides. A call HubSpot refuses and names (its validation
/// error's context) fails alone and the rest of the batch is written; a batch HubSpot refuses without naming the call is
/// thrown as one record-level <see cref="ConnectorException"/>, and the sync engine bisects it to find the call.
/// </summary>
/// <remarks>As the <see cref="IRecordSink{TRecord}"/> contract says, the engine hands the sink at most
/// <see cref="HubSpotOptions.MaxBatchSize"/> calls with distinct keys; the sink refuses other batches with an
/// <see cref="ArgumentException"/> rather than splitting or merging them itself.</remarks>
public sealed class HubSpotCrmSink : ICrmSink, IConnectionCheck
{
    private const int CallToContact = 194;
    private const int CallToCompany = 182;
    private const int MaxConflictRounds = 3;
    private const string StatusProperty = "hs_call_status";

    private readonly HubSpotApiClient api;
    private readonly ContactDirectory directory;
    private readonly CallerResolver resolver;
    private readonly StaleContactAssociations stale;
    private readonly HubSpotOptions options;
    private readonly ILogger logger;

    internal HubSpotCrmSink(HubSpotApiClient api, ContactDirectory directory, CallerResolver resolver, HubSpotOptions options, ILogger logger)
    {
        this.api = api;
        this.directory = directory;
        this.resolver = resolver;
        stale = new StaleContactAssociations(api);
        this.options = options;
        this.logger = logger;
        // The engine checks its attempt timeout against the HTTP client's total one.
        Capabilities = HubSpotCapabilities.For(options) with { RequestTimeout = api.RequestTimeout };
    }

    /// <inheritdoc />
    public string Name { get; internal init; } = HubSpotOptions.ProviderName;

    /// <inheritdoc />
    /// <remarks>Reads one contact of the portal (<c>GET crm/v3/objects/contacts?limit=1</c>).</remarks>
    public ValueTask<ConnectorError?> CheckConnectionAsync(CancellationToken cancellationToken = default) =>
        ConnectionCheck is { } check ? check.CheckAsync(cancellationToken) : ValueTask.FromResult<ConnectorError?>(null);

    internal HubSpotConnectionCheck? ConnectionCheck { get; init; }

    /// <inheritdoc />
    public SinkCapabilities Capabilities { get; }

    /// <inheritdoc />
    /// <exception cref="ArgumentException"><paramref name="batch"/> holds more than <see cref="HubSpotOptions.MaxBatchSize"/>
    /// calls, a <see langword="null"/>, or one key twice (HubSpot refuses an upsert batch that repeats an id; the engine keeps the
    /// newest version of a call per batch).</exception>
    /// <exception cref="ConnectorException">HubSpot refused the whole batch (credentials, limits, an outage, or a validation error
    /// that names no input, which is record-level: <see cref="ConnectorErrorCode.ValidationFailed"/>, HTTP 400).</exception>
    public async ValueTask<IReadOnlyList<RecordOutcome>> WriteAsync(IReadOnlyList<CallRecord> batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.Count == 0)
        {
            return [];
        }

        ArgumentOutOfRangeException.ThrowIfGreaterThan(batch.Count, options.MaxBatchSize, nameof(batch));
        var keys = new HashSet<string>(batch.Count, StringComparer.Ordinal);
        foreach (var call in batch)
        {
            ArgumentNullException.ThrowIfNull(call, nameof(batch));
            if (!keys.Add(call.Key))
            {
                throw new ArgumentException("The batch holds call " + call.Key + " twice; pass one (the newest) version per call.", nameof(batch));
            }
        }

        var numbers = batch.Select(resolver.CustomerNumber).ToArray();
        var contacts = await directory.FindAsync(numbers.OfType<string>(), useCache: true, cancellationToken).ConfigureAwait(false);

        var prepared = new List<PreparedCall>(batch.Count);
        for (var index = 0; index < batch.Count; index++)
        {
            var number = numbers[index];
            var found = number is not null && contacts.TryGetValue(number, out var list) ? list : [];
            var resolution = resolver.Resolve(number, found);
            if (found.Count > 1)
            {
                Log.SharedNumber(logger, found.Count, options.CallerResolution);
            }

            prepared.Add(new PreparedCall(index, batch[index], resolution, CallPropertyMapper.Map(batch[index], resolution, options, includeSourceId: true)));
        }

        var outcomes = new RecordOutcome?[batch.Count];
        await WriteGroupAsync(prepared, outcomes, 0, cancellationToken).ConfigureAwait(false);
        if (options.WriteMode == HubSpotWriteMode.Upsert)
        {
            await AssociateAsync(prepared, outcomes, cancellationToken).ConfigureAwait(false);
        }

        return Array.ConvertAll(outcomes, static o => o ?? throw new InvalidOperationException("Internal error: a call of the batch got no outcome."));
    }

    private async Task WriteGroupAsync(List<PreparedCall> group, RecordOutcome?[] outcomes, int conflictRound, CancellationToken cancellationToken)
    {
        var result = options.WriteMode == HubSpotWriteMode.Upsert
            ? await api.BatchUpsertCallsAsync(new BatchUpsertRequestDto
            {
                Inputs = group.Select(p => new UpsertInputDto { Id = p.Call.Key, IdProperty = options.SourceCallIdProperty, Properties = p.Properties }).ToList(),
            }, cancellationToken).ConfigureAwait(false)
            : await api.BatchCreateCallsAsync(new BatchCreateRequestDto
            {
                Inputs = group.Select(p => new CreateInputDto { Properties = p.Properties, Associations = InlineAssociations(p.Resolution) }).ToList(),
            }, cancellationToken).ConfigureAwait(false);

        switch (result.Status)
        {
            case 409:
                await ConflictAsync(group, outcomes, conflictRound, cancellationToken).ConfigureAwait(false);
                break;
            case 400:
                await InvalidAsync(group, result.Error, outcomes, conflictRound, cancellationToken).ConfigureAwait(false);
                break;
            default:
                await RecordAsync(group, result.Response!.Results, outcomes, cancellationToken).ConfigureAwait(false);
                break;
        }
    }

    private async Task RecordAsync(List<PreparedCall> group, List<HubSpotObjectDto> results, RecordOutcome?[] outcomes, CancellationToken cancellationToken)
    {
        // Batch results are not promised in input order, nor to echo the properties sent: match them by the unique
        // source call id, never by position, and read back the calls no result names.
        var byKey = results
            .Where(r => r.Property(options.SourceCallIdProperty) is not null)
            .GroupBy(r => r.Property(options.SourceCallIdProperty)!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var unnamed = group.Where(p => !byKey.ContainsKey(p.Call.Key)).Select(p => p.Call.Key).ToList();
        if (unnamed.Count > 0 && results.Count > byKey.Count)
        {
            foreach (var (key, held) in await ReadBackAsync(unnamed, cancellationToken).ConfigureAwait(false))
            {
                byKey.TryAdd(key, new HubSpotObjectDto { Id = held.Id });
            }
        }

        foreach (var call in group)
        {
            // A created call has only the associations this write makes; any other may hold stale ones.
            call.Updated = options.WriteMode == HubSpotWriteMode.Upsert && byKey.TryGetValue(call.Call.Key, out var result) && result.New != true;
            outcomes[call.Index] = byKey.TryGetValue(call.Call.Key, out var written)
                ? RecordOutcome.Written(call.Call.Key, written.Id)
                : RecordOutcome.Failed(call.Call.Key, Error(ConnectorErrorCode.MalformedResponse, true, null, "The batch answer has no result for this call; a retry finds it by its source call id."));
        }
    }

    private async Task ConflictAsync(List<PreparedCall> group, RecordOutcome?[] outcomes, int round, CancellationToken cancellationToken)
    {
        if (round >= MaxConflictRounds)
        {
            foreach (var call in group)
            {
                outcomes[call.Index] = RecordOutcome.Failed(call.Call.Key, Error(ConnectorErrorCode.Conflict, true, 409, "HubSpot kept answering 409 on the unique source call id."));
            }

            return;
        }

        if (options.WriteMode == HubSpotWriteMode.Upsert)
        {
            // A concurrent writer created one of these calls between HubSpot's lookup and insert: upserting again
            // now updates it.
            await WriteGroupAsync(group, outcomes, round + 1, cancellationToken).ConfigureAwait(false);
            return;
        }

        // The calls that exist were delivered before (a lost response, a replay, an update of a call that was not
        // final): read them back rather than parse the message, update them (or, create-only, report them unchanged)
        // and create the others.
        var existing = await ReadBackAsync(group.Select(p => p.Call.Key).ToList(), cancellationToken).ConfigureAwait(false);
        var rest = new List<PreparedCall>();
        var found = new List<(PreparedCall Call, string Id)>();
        foreach (var call in group)
        {
            if (existing.TryGetValue(call.Call.Key, out var held))
            {
                call.Updated = true;
                found.Add((call, held.Id));
                if (options.WriteMode == HubSpotWriteMode.CreateOnly && !string.Equals(held.Status, call.Properties.GetValueOrDefault(StatusProperty), StringComparison.OrdinalIgnoreCase))
                {
                    // Unchanged would be a lie: the engine would take this state as delivered, and a call that was not final would
                    // never show its final state in HubSpot.
                    outcomes[call.Index] = RecordOutcome.Failed(call.Call.Key, Error(
                        ConnectorErrorCode.Conflict,
                        false,
                        409,
                        $"The call exists in HubSpot with status '{held.Status}' and this version has '{call.Properties.GetValueOrDefault(StatusProperty)}'; WriteMode CreateOnly never updates an existing call. Use CreateOrUpdate or Upsert to send changes."));
                }
            }
            else
            {
                rest.Add(call);
            }
        }

        Log.AlreadyDelivered(logger, found.Count);
        if (options.WriteMode == HubSpotWriteMode.CreateOnly)
        {
            foreach (var (call, id) in found)
            {
                outcomes[call.Index] ??= RecordOutcome.Unchanged(call.Call.Key, id);
            }
        }
        else if (found.Count > 0)
        {
            await UpdateAsync(found, outcomes, cancellationToken).ConfigureAwait(false);
            await AssociateAsync(found.Select(f => f.Call).ToList(), outcomes, cancellationToken).ConfigureAwait(false);
        }

        if (rest.Count > 0)
        {
            await WriteGroupAsync(rest, outcomes, round + 1, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task UpdateAsync(List<(PreparedCall Call, string Id)> calls, RecordOutcome?[] outcomes, CancellationToken cancellationToken)
    {
        var result = await api.BatchUpdateCallsAsync(new BatchUpdateRequestDto
        {
            // The unique source call id stays as it is: it is how the engagement was found.
            Inputs = calls.Select(c => new UpdateInputDto
            {
                Id = c.Id,
                Properties = c.Call.Properties.Where(p => p.Key != options.SourceCallIdProperty).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal),
            }).ToList(),
        }, cancellationToken).ConfigureAwait(false);
        if (result.Status != 400)
        {
            foreach (var (call, id) in calls)
            {
                outcomes[call.Index] = result.Status == 409
                    ? RecordOutcome.Failed(call.Call.Key, Error(ConnectorErrorCode.Conflict, true, 409, "HubSpot refused the update of an existing call with 409."))
                    : RecordOutcome.Written(call.Call.Key, id);
            }

            return;
        }

        var invalid = Invalid(result.Error, ValidationErrorReader.Problems(result.Error).Select(p => p.ToFieldError()).ToList());
        if (calls.Count > 1)
        {
            // One update HubSpot refuses refuses the batch: the engine halves it until the bad ones stand alone.
            throw new ConnectorException(invalid);
        }

        outcomes[calls[0].Call.Index] = RecordOutcome.Failed(calls[0].Call.Call.Key, invalid);
        Log.RecordsRefused(logger, 1);
    }

    private async Task<Dictionary<string, (string Id, string? Status)>> ReadBackAsync(List<string> keys, CancellationToken cancellationToken)
    {
        var response = await api.BatchReadAsync("calls", new BatchReadRequestDto
        {
            Inputs = keys.Select(k => new ObjectIdDto { Id = k }).ToList(),
            IdProperty = options.SourceCallIdProperty,
            Properties = [options.SourceCallIdProperty, StatusProperty],
        }, cancellationToken).ConfigureAwait(false);
        var found = new Dictionary<string, (string Id, string? Status)>(StringComparer.Ordinal);
        foreach (var result in response.Results)
        {
            if (result.Property(options.SourceCallIdProperty) is { } key)
            {
                found[key] = (result.Id, result.Property(StatusProperty));
            }
        }

        return found;
    }

    private async Task InvalidAsync(List<PreparedCall> group, ErrorDto? error, RecordOutcome?[] outcomes, int round, CancellationToken cancellationToken)
    {
        var problems = ValidationErrorReader.Problems(error);
        var culprits = ValidationErrorReader.Culprits(group.Select(p => (IReadOnlyDictionary<string, string?>)p.Properties).ToList(), problems);
        if (culprits.Count > 0)
        {
            var rest = new List<PreparedCall>();
            for (var i = 0; i < group.Count; i++)
            {
                if (culprits.TryGetValue(i, out var fields))
                {
                    outcomes[group[i].Index] = RecordOutcome.Failed(group[i].Call.Key, Invalid(error, fields));
                }
                else
                {
                    rest.Add(group[i]);
                }
            }

            Log.RecordsRefused(logger, culprits.Count);
            if (rest.Count > 0)
            {
                await WriteGroupAsync(rest, outcomes, round, cancellationToken).ConfigureAwait(false);
            }

            return;
        }

        var invalid = Invalid(error, problems.Select(p => p.ToFieldError()).ToList());
        if (group.Count > 1)
        {
            // HubSpot named no input we can find: the engine halves the batch until the bad ones stand alone.
            Log.BatchRefused(logger, group.Count);
            throw new ConnectorException(invalid);
        }

        outcomes[group[0].Index] = RecordOutcome.Failed(group[0].Call.Key, invalid);
        Log.RecordsRefused(logger, 1);
    }

    private async Task AssociateAsync(IReadOnlyList<PreparedCall> chunk, RecordOutcome?[] outcomes, CancellationToken cancellationToken)
    {
        var wanted = new List<(PreparedCall Call, string CallId, string ToType, string ToId, int TypeId)>();
        foreach (var call in chunk)
        {
            if (outcomes[call.Index] is not { Kind: RecordOutcomeKind.Written or RecordOutcomeKind.Unchanged, TargetId: { } callId })
            {
                continue;
            }

            wanted.AddRange(call.Resolution.ContactIds.Select(id => (call, callId, "contacts", id, CallToContact)));
            if (call.Resolution.CompanyId is { } company)
            {
                wanted.Add((call, callId, "companies", company, CallToCompany));
            }
        }

        var updated = chunk
            .Where(c => c.Updated && outcomes[c.Index] is { Kind: RecordOutcomeKind.Written, TargetId: not null })
            .Select(c => (c, outcomes[c.Index]!.TargetId!))
            .ToList();
        Dictionary<int, ConnectorError> failed = updated.Count == 0 ? [] : await stale.ArchiveAsync(updated, cancellationToken).ConfigureAwait(false);
        foreach (var byType in wanted.GroupBy(w => (w.ToType, w.TypeId)))
        {
            foreach (var part in byType.Chunk(100))
            {
                var request = new AssociationBatchCreateRequestDto
                {
                    Inputs = part.Select(w => new AssociationBatchInputDto
                    {
                        From = new ObjectIdDto { Id = w.CallId },
                        To = new ObjectIdDto { Id = w.ToId },
                        Types = [new AssociationSpecDto { AssociationTypeId = w.TypeId }],
                    }).ToList(),
                };
                try
                {
                    var response = await api.CreateAssociationsAsync("calls", byType.Key.ToType, request, cancellationToken).ConfigureAwait(false);
                    if (response.Errors is not { Count: > 0 })
                    {
                        continue;
                    }

                    var confirmed = response.Results.Select(r => (From: r.FromObjectId.ToString(CultureInfo.InvariantCulture), To: r.ToObjectId.ToString(CultureInfo.InvariantCulture))).ToHashSet();
                    foreach (var w in part.Where(w => !confirmed.Contains((w.CallId, w.ToId))))
                    {
                        failed.TryAdd(w.Call.Index, Error(ConnectorErrorCode.Conflict, true, 207, "The call was written but HubSpot refused its association (the record may have been deleted or merged); a retry looks the contact up again."));
                    }
                }
                catch (ConnectorException ex)
                {
                    foreach (var w in part)
                    {
                        failed.TryAdd(w.Call.Index, ex.Error);
                    }
                }
            }
        }

        if (failed.Count == 0)
        {
            return;
        }

        Log.AssociationsNotConfirmed(logger, failed.Count);
        foreach (var call in chunk.Where(c => failed.ContainsKey(c.Index)))
        {
            if (call.Resolution.CustomerNumber is { } number)
            {
                directory.Forget(number);
            }

            // Reported as transient even when the cause is permanent: the engagement exists, and the replay (which
            // cannot duplicate it) is what repairs the association.
            var error = failed[call.Index];
            outcomes[call.Index] = RecordOutcome.Failed(call.Call.Key, error with { IsTransient = true });
        }
    }

    private static List<InlineAssociationDto>? InlineAssociations(CallerResolution resolution)
    {
        var associations = resolution.ContactIds
            .Select(id => new InlineAssociationDto { To = new ObjectIdDto { Id = id }, Types = [new AssociationSpecDto { AssociationTypeId = CallToContact }] })
            .ToList();
        if (resolution.CompanyId is { } company)
        {
            associations.Add(new InlineAssociationDto { To = new ObjectIdDto { Id = company }, Types = [new AssociationSpecDto { AssociationTypeId = CallToCompany }] });
        }

        return associations.Count == 0 ? null : associations;
    }

    private ConnectorError Invalid(ErrorDto? error, List<FieldError> fields) => new()
    {
        Code = ConnectorErrorCode.ValidationFailed,
        IsTransient = false,
        SystemName = options.SystemName,
        HttpStatus = 400,
        FieldErrors = fields,
        TechnicalDetail = "HubSpot refused the call (" + (error?.Category ?? "VALIDATION_ERROR") + ")"
            + (fields.Count == 0 ? "." : ": " + string.Join(", ", fields.Select(f => f.Field + " " + f.Reason)) + "."),
    };

    private ConnectorError Error(ConnectorErrorCode code, bool transient, int? status, string detail) => new()
    {
        Code = code,
        IsTransient = transient,
        SystemName = options.SystemName,
        HttpStatus = status,
        TechnicalDetail = detail,
    };
}
