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
using CallCrm.Connectors.Normalization;
using CallCrm.Connectors.Providers;

namespace CallCrm.Connectors.HubSpot;

/// <summary>
/// Screen-pop lookup: the contacts whose <c>phone</c> or <c>mobilephone</c> holds the caller's number in any common
/// written form (one search), most recently active first, each with its tickets created since
/// <see cref="CustomerLookupRequest.HistorySince"/> (one v4 association read and one ticket batch read for all of them)
/// and its latest <see cref="HubSpotOptions.RecentCallsLimit"/> call engagements since then, newest first (one v4
/// association read and one call batch read for all of them; a contact with more calls than one batch read holds costs
/// one call search instead). Tickets and calls are read concurrently.
/// </summary>
public sealed class HubSpotCustomerLookup : ICustomerLookup
{
    // HubSpot's batch read takes at most 100 inputs.
    private const int BatchReadLimit = 100;

    private static readonly string[] TicketProperties = ["subject", "hs_pipeline_stage", "hs_ticket_priority", "createdate", "hs_lastmodifieddate"];

    private readonly HubSpotApiClient api;
    private readonly ContactDirectory directory;
    private readonly IPhoneNumberNormalizer normalizer;
    private readonly HubSpotOptions options;

    internal HubSpotCustomerLookup(HubSpotApiClient api, ContactDirectory directory, IPhoneNumberNormalizer normalizer, HubSpotOptions options)
    {
        this.api = api;
        this.directory = directory;
        this.normalizer = normalizer;
        this.options = options;
    }

    /// <inheritdoc />
    public string Name { get; internal init; } = HubSpotOptions.ProviderName;

    /// <inheritdoc />
    public async ValueTask<CustomerLookupResult> FindByPhoneAsync(CustomerLookupRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentOutOfRangeException.ThrowIfLessThan(request.MaxCandidates, 1, nameof(request));
        var region = PhoneNumberWrittenForms.RegionOf(request.PhoneNumberE164);
        if (region is null || normalizer.Normalize(request.PhoneNumberE164, region).E164 is not { } e164)
        {
            throw new ConnectorException(new ConnectorError
            {
                Code = ConnectorErrorCode.InvalidPhoneNumber,
                SystemName = options.SystemName,
                TechnicalDetail = "The lookup number is not a valid E.164 number.",
            });
        }

        // A screen-pop must show what the CRM holds now, so the sink's cache is bypassed (and refreshed).
        var found = await directory.FindAsync([e164], useCache: false, cancellationToken).ConfigureAwait(false);
        var contacts = found.GetValueOrDefault(e164) ?? [];
        if (contacts.Count == 0)
        {
            return CustomerLookupResult.NotFound;
        }

        var chosen = contacts
            .OrderByDescending(CallerResolver.RecencyOf)
            .ThenByDescending(c => c.Id, Comparer<string>.Create(HubSpotValues.CompareIds))
            .Take(request.MaxCandidates)
            .ToList();
        var ids = chosen.Select(c => c.Id).ToList();
        var ticketsTask = TicketsAsync(ids, request, cancellationToken);
        var callsTask = RecentCallsAsync(ids, request, region, cancellationToken);
        await Task.WhenAll(ticketsTask, callsTask).ConfigureAwait(false);
        var tickets = await ticketsTask.ConfigureAwait(false);
        var calls = await callsTask.ConfigureAwait(false);
        return new CustomerLookupResult(chosen
            .Select(c => new CustomerMatch(ContactMapper.ToProfile(c, options, normalizer, region), tickets.GetValueOrDefault(c.Id) ?? [], calls.GetValueOrDefault(c.Id) ?? []))
            .ToList());
    }

    /// <summary>
    /// Each contact's latest calls since <see cref="CustomerLookupRequest.HistorySince"/>, newest first. One association
    /// read gives every contact's call ids; the calls of contacts with up to <see cref="BatchReadLimit"/> of them are read
    /// in one batch read (no search: search has its own, much lower, rate limit). A contact with more (or with paged
    /// associations) is searched on its own, filtered by association and time and sorted newest first, rather than read
    /// page after page.
    /// </summary>
    private async Task<Dictionary<string, IReadOnlyList<CallRecord>>> RecentCallsAsync(List<string> contactIds, CustomerLookupRequest request, string region, CancellationToken cancellationToken)
    {
        var recent = new Dictionary<string, IReadOnlyList<CallRecord>>(StringComparer.Ordinal);
        if (options.RecentCallsLimit == 0)
        {
            return recent;
        }

        var associations = await api.ReadAssociationsAsync("contacts", "calls", new AssociationBatchReadRequestDto
        {
            Inputs = contactIds.Select(id => new AssociationReadInputDto { Id = id }).ToList(),
        }, cancellationToken).ConfigureAwait(false);
        var callsOf = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var searched = new List<string>();
        foreach (var result in associations.Results)
        {
            if (result.Paging?.Next is not null || result.To.Count > BatchReadLimit)
            {
                searched.Add(result.From.Id);
            }
            else
            {
                callsOf[result.From.Id] = result.To.Select(t => t.ToObjectId.ToString(CultureInfo.InvariantCulture)).ToList();
            }
        }

        var properties = CallEngagementMapper.Properties(options);
        var calls = new Dictionary<string, HubSpotObjectDto>(StringComparer.Ordinal);
        foreach (var chunk in callsOf.Values.SelectMany(c => c).Distinct(StringComparer.Ordinal).Chunk(BatchReadLimit))
        {
            var response = await api.BatchReadAsync("calls", new BatchReadRequestDto
            {
                Inputs = chunk.Select(id => new ObjectIdDto { Id = id }).ToList(),
                Properties = [.. properties],
            }, cancellationToken).ConfigureAwait(false);
            foreach (var call in response.Results)
            {
                calls[call.Id] = call;
            }
        }

        foreach (var (contactId, ids) in callsOf)
        {
            recent[contactId] = Latest(ids.Where(calls.ContainsKey).Select(id => calls[id]), contactId, request, region);
        }

        foreach (var contactId in searched)
        {
            var page = await api.SearchAsync("calls", new SearchRequestDto
            {
                FilterGroups =
                [
                    new FilterGroupDto
                    {
                        Filters =
                        [
                            new FilterDto { PropertyName = "associations.contact", Operator = "EQ", Value = contactId },
                            new FilterDto { PropertyName = "hs_timestamp", Operator = "GTE", Value = HubSpotValues.Format(request.HistorySince) },
                        ],
                    },
                ],
                Sorts = [new SortDto { PropertyName = "hs_timestamp", Direction = "DESCENDING" }],
                Properties = [.. properties],
                Limit = options.RecentCallsLimit,
            }, cancellationToken).ConfigureAwait(false);
            recent[contactId] = Latest(page.Results, contactId, request, region);
        }

        return recent;
    }

    private List<CallRecord> Latest(IEnumerable<HubSpotObjectDto> calls, string contactId, CustomerLookupRequest request, string region) => calls
        .Select(c => CallEngagementMapper.ToCallRecord(c, contactId, options, normalizer, region))
        .OfType<CallRecord>()
        .Where(c => c.StartedAt >= request.HistorySince)
        .OrderByDescending(c => c.StartedAt)
        .ThenByDescending(c => c.CustomFields[CallEngagementMapper.EngagementIdField], Comparer<string>.Create(HubSpotValues.CompareIds))
        .Take(options.RecentCallsLimit)
        .ToList();

    /// <summary>Reads every association of the contacts to <paramref name="toType"/>: HubSpot answers at most 500 per contact
    /// and a <c>paging.next.after</c> cursor for the rest, which the next batch read passes back per contact.</summary>
    /// <remarks>The tickets of the history window are not the first 500 associations (those come in id order, not by date), so
    /// stopping at the first page would drop recent tickets of a contact with a long history.</remarks>
    private async Task<Dictionary<string, List<string>>> AllAssociatedAsync(List<string> contactIds, string toType, CancellationToken cancellationToken)
    {
        var associated = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var inputs = contactIds.Select(id => new AssociationReadInputDto { Id = id }).ToList();
        while (inputs.Count > 0)
        {
            var answer = await api.ReadAssociationsAsync("contacts", toType, new AssociationBatchReadRequestDto { Inputs = inputs }, cancellationToken).ConfigureAwait(false);
            var sent = inputs.ToDictionary(i => i.Id, i => i.After, StringComparer.Ordinal);
            var next = new List<AssociationReadInputDto>();
            foreach (var result in answer.Results)
            {
                if (!associated.TryGetValue(result.From.Id, out var ids))
                {
                    associated[result.From.Id] = ids = [];
                }

                ids.AddRange(result.To.Select(t => t.ToObjectId.ToString(CultureInfo.InvariantCulture)));
                // A cursor that does not move would loop for ever: a vendor fault, so that contact's list ends here.
                if (result.Paging?.Next?.After is { Length: > 0 } after && !string.Equals(after, sent.GetValueOrDefault(result.From.Id), StringComparison.Ordinal))
                {
                    next.Add(new AssociationReadInputDto { Id = result.From.Id, After = after });
                }
            }

            inputs = next;
        }

        return associated;
    }

    private async Task<Dictionary<string, IReadOnlyList<TicketSummary>>> TicketsAsync(List<string> contactIds, CustomerLookupRequest request, CancellationToken cancellationToken)
    {
        var ticketsOf = await AllAssociatedAsync(contactIds, "tickets", cancellationToken).ConfigureAwait(false);
        var ticketIds = ticketsOf.Values.SelectMany(t => t).Distinct(StringComparer.Ordinal).ToList();
        var tickets = new Dictionary<string, TicketSummary>(StringComparer.Ordinal);
        foreach (var chunk in ticketIds.Chunk(100))
        {
            var response = await api.BatchReadAsync("tickets", new BatchReadRequestDto
            {
                Inputs = chunk.Select(id => new ObjectIdDto { Id = id }).ToList(),
                Properties = [.. TicketProperties],
            }, cancellationToken).ConfigureAwait(false);
            foreach (var ticket in response.Results)
            {
                if (HubSpotValues.ParseInstant(ticket.Property("createdate")) is { } created && created >= request.HistorySince)
                {
                    tickets[ticket.Id] = new TicketSummary
                    {
                        Id = ticket.Id,
                        Subject = ticket.Property("subject"),
                        Status = ticket.Property("hs_pipeline_stage"),
                        Priority = ticket.Property("hs_ticket_priority"),
                        CreatedAt = created,
                        UpdatedAt = HubSpotValues.ParseInstant(ticket.Property("hs_lastmodifieddate")),
                    };
                }
            }
        }

        return ticketsOf.ToDictionary(
            p => p.Key,
            p => (IReadOnlyList<TicketSummary>)p.Value.Where(tickets.ContainsKey).Select(id => tickets[id]).OrderByDescending(t => t.CreatedAt).ToList(),
            StringComparer.Ordinal);
    }
}
