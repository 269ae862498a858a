using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using CallCrm.Connectors.Checkpoints;
using CallCrm.Connectors.Errors;
using CallCrm.Connectors.HubSpot.Api;
using CallCrm.Connectors.HubSpot.Internal;
using CallCrm.Connectors.Model;
using CallCrm.Connectors.Normalization;
using CallCrm.Connectors.Providers;
using Microsoft.Extensions.Logging;
using NodaTime;

namespace CallCrm.Connectors.HubSpot;

/// <summary>
/// Reads contacts changed since a <see cref="WatermarkCheckpoint"/> (<c>lastmodifieddate</c>, contact id) through the
/// search API, oldest change first. HubSpot search takes one sort and promises no order among contacts sharing a
/// <c>lastmodifieddate</c>, so each such group is held back until the time changes (or the results end), put in
/// checkpoint order (the id compared ordinally, as <see cref="WatermarkCheckpoint"/> compares it) and only then
/// yielded: resuming from any position yields exactly the rest, whatever order HubSpot returned the group in. Search
/// pages by offset and stops at 10,000 results, so before the offset would pass the window the search restarts from the
/// time of the group being gathered. Search requests go through the search rate limit.
/// </summary>
/// <remarks>
/// A contact that comes back older than the group being gathered (HubSpot ignoring the sort) is yielded at once
/// when it still comes after the last position yielded; when it does not, it is yielded with that last position, so
/// the watermark never moves backwards (and a change is delivered rather than lost, at worst twice).
/// </remarks>
public sealed class HubSpotCustomerSource : ICustomerSource
{
    private const int ResultWindow = 10_000;

    private readonly HubSpotApiClient api;
    private readonly ContactDirectory directory;
    private readonly IPhoneNumberNormalizer normalizer;
    private readonly HubSpotOptions options;
    private readonly ILogger logger;

    internal HubSpotCustomerSource(HubSpotApiClient api, ContactDirectory directory, IPhoneNumberNormalizer normalizer, HubSpotOptions options, ILogger logger)
    {
        this.api = api;
        this.directory = directory;
        this.normalizer = normalizer;
        this.options = options;
        this.logger = logger;
        Capabilities = HubSpotCapabilities.For(options);
    }

    /// <inheritdoc />
    public string Name => HubSpotOptions.ProviderName;

    /// <inheritdoc />
    public ProviderCapabilities Capabilities { get; }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The request's checkpoint is not a <see cref="WatermarkCheckpoint"/>.</exception>
    public async IAsyncEnumerable<SourceItem<CustomerChange>> ReadChangesAsync(ReadRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var since = request.Since switch
        {
            null => WatermarkCheckpoint.Start,
            WatermarkCheckpoint watermark => watermark,
            _ => throw new ArgumentException("HubSpot contact positions are WatermarkCheckpoint values.", nameof(request)),
        };
        var pageSize = Math.Clamp(request.PageSize ?? options.CustomerPageSize, 1, 200);
        var cursor = new ChangeCursor(since);
        var low = since.Timestamp;
        string? after = null;

        while (true)
        {
            var page = await api.SearchAsync("contacts", Query(low, request.Until, pageSize, after), cancellationToken).ConfigureAwait(false);
            foreach (var contact in page.Results)
            {
                var modified = HubSpotValues.ParseInstant(contact.Property("lastmodifieddate")) ?? Instant.MinValue;
                if (!since.IsBefore(modified, contact.Id) || (request.Until is { } until && modified >= until))
                {
                    continue;
                }

                foreach (var change in cursor.Add(contact, modified))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    yield return Item(change);
                }
            }

            // HubSpot gives no next cursor at the window's edge even when more results match: "total" tells.
            var reached = (int.TryParse(after, NumberStyles.None, CultureInfo.InvariantCulture, out var start) ? start : 0) + page.Results.Count;
            var next = page.Paging?.Next?.After;
            if (next is not { Length: > 0 } && (reached < ResultWindow || page.Total <= reached))
            {
                foreach (var change in cursor.Release())
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    yield return Item(change);
                }

                yield break;
            }

            if (next is not { Length: > 0 } || (int.TryParse(next, NumberStyles.None, CultureInfo.InvariantCulture, out var offset) && offset + pageSize > ResultWindow))
            {
                // Search again from the time of the group being gathered: the group is dropped and found again whole,
                // in any order, and what was yielded before it lies before that time.
                if (cursor.Restart() is not { } gathering || gathering <= low)
                {
                    // Every result of the window shares one instant: moving the watermark cannot get past it.
                    throw new ConnectorException(new ConnectorError
                    {
                        Code = ConnectorErrorCode.ServiceUnavailable,
                        SystemName = options.SystemName,
                        TechnicalDetail = "More than 10,000 contacts share one lastmodifieddate; HubSpot search cannot page past them.",
                    });
                }

                Log.SearchWindowRestarted(logger);
                low = gathering;
                after = null;
            }
            else
            {
                after = next;
            }
        }
    }

    private SourceItem<CustomerChange> Item(ReadyChange ready)
    {
        if (ready.OutOfOrder)
        {
            Log.ContactOutOfOrder(logger, ready.Contact.Id);
        }

        var profile = ContactMapper.ToProfile(ready.Contact, options, normalizer, region: null);
        var change = new CustomerChange(profile, ready.Modified, ready.Contact.Property("hs_updated_by_user_id"));
        return new SourceItem<CustomerChange>(change, ready.Position);
    }

    private SearchRequestDto Query(Instant low, Instant? until, int pageSize, string? after)
    {
        var filters = new List<FilterDto>();
        if (low != Instant.MinValue)
        {
            filters.Add(new FilterDto { PropertyName = "lastmodifieddate", Operator = "GTE", Value = HubSpotValues.Format(low) });
        }

        if (until is { } end)
        {
            // Until is exclusive: a change at exactly that time belongs to the next run.
            filters.Add(new FilterDto { PropertyName = "lastmodifieddate", Operator = "LT", Value = HubSpotValues.Format(end) });
        }

        return new SearchRequestDto
        {
            FilterGroups = filters.Count == 0 ? null : [new FilterGroupDto { Filters = filters }],
            // HubSpot search takes one sort: contacts of one instant come in no promised order, hence ChangeCursor.
            Sorts = [new SortDto { PropertyName = "lastmodifieddate", Direction = "ASCENDING" }],
            Properties = [.. directory.ContactProperties, "hs_updated_by_user_id"],
            Limit = pageSize,
            After = after,
        };
    }
}
