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
/// yielded: resuming from any position yields exactly the rest, whatever order HubSpot returned the group in. Pages are
/// read by keyset: each search starts at the time of the group being gathered (<c>lastmodifieddate GTE</c> that time)
/// rather than at an offset, because HubSpot's offsets shift when a contact is edited during the read and would skip
/// the contact behind it; the group's contacts found again are merged by id. The <c>after</c> offset is used only
/// inside one time shared by more than a page of contacts, which also keeps every search inside the 10,000-result
/// window. Search requests go through the search rate limit.
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
            var reached = Offset(after) + page.Results.Count;
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

            if (cursor.Gathering is { } gathering && gathering > low)
            {
                // Keyset paging: the next search starts at the time of the group being gathered, never at an offset
                // into a result set that shifts when contacts are edited during the read (an edited contact leaves
                // its place, so an offset would jump over the one behind it). Everything before that time has been
                // yielded; the group's contacts come again and the cursor merges them by id.
                low = gathering;
                after = null;
                continue;
            }

            // The whole page shares one time (the one searched from): only an offset gets past it. Contacts of that
            // time that are edited meanwhile can still shift it; this needs more than a page sharing one time.
            if (next is not { Length: > 0 } || Offset(next) + pageSize > ResultWindow)
            {
                throw new ConnectorException(new ConnectorError
                {
                    Code = ConnectorErrorCode.ServiceUnavailable,
                    SystemName = options.SystemName,
                    TechnicalDetail = "More than 10,000 contacts share one lastmodifieddate; HubSpot search cannot page past them.",
                });
            }

            Log.SearchPagedWithinTimestamp(logger, next);
            after = next;
        }
    }

    private static int Offset(string? after) =>
        int.TryParse(after, NumberStyles.None, CultureInfo.InvariantCulture, out var offset) ? offset : 0;

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
