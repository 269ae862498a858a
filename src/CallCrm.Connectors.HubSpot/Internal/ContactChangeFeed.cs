using System;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Threading;
using CallCrm.Connectors.Checkpoints;
using CallCrm.Connectors.Errors;
using CallCrm.Connectors.HubSpot.Api;
using Microsoft.Extensions.Logging;
using NodaTime;

namespace CallCrm.Connectors.HubSpot.Internal;

/// <summary>
/// Contacts changed since a <see cref="WatermarkCheckpoint"/>, oldest change first, read by keyset through the search
/// API (see <see cref="HubSpotCustomerSource"/> for why). Shared by the customer source and the sink's local contact
/// index, which both follow HubSpot's contact changes.
/// </summary>
internal sealed class ContactChangeFeed
{
    private const int ResultWindow = 10_000;

    private readonly HubSpotApiClient api;
    private readonly HubSpotOptions options;
    private readonly ILogger logger;

    public ContactChangeFeed(HubSpotApiClient api, HubSpotOptions options, ILogger logger)
    {
        this.api = api;
        this.options = options;
        this.logger = logger;
        ContactProperties =
        [
            "firstname", "lastname", "email", "company", "hs_language", "hubspot_owner_id", "associatedcompanyid",
            "lastmodifieddate", "notes_last_updated", "hs_object_id", options.TagsProperty, .. options.PhoneProperties,
        ];
    }

    /// <summary>Gets the contact properties every reader of contacts asks for.</summary>
    public IReadOnlyList<string> ContactProperties { get; }

    /// <summary>Reads the changes after <paramref name="since"/> and before <paramref name="until"/>.</summary>
    /// <param name="since">The position to resume from (exclusive).</param>
    /// <param name="until">The exclusive end, or <see langword="null"/> for everything.</param>
    /// <param name="pageSize">Contacts per search page (1–200).</param>
    /// <param name="onTotal">Called with the first page's <c>total</c> (how many contacts match), if given.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The changes, each with the position after it.</returns>
    public async IAsyncEnumerable<ReadyChange> ReadAsync(WatermarkCheckpoint since, Instant? until, int pageSize, Action<int>? onTotal, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var cursor = new ChangeCursor(since);
        var low = since.Timestamp;
        string? after = null;

        while (true)
        {
            var page = await api.SearchAsync("contacts", Query(low, until, pageSize, after), cancellationToken).ConfigureAwait(false);
            onTotal?.Invoke(page.Total);
            onTotal = null;
            foreach (var contact in page.Results)
            {
                var modified = HubSpotValues.ParseInstant(contact.Property("lastmodifieddate")) ?? Instant.MinValue;
                if (!since.IsBefore(modified, contact.Id) || (until is { } end && modified >= end))
                {
                    continue;
                }

                foreach (var change in cursor.Add(contact, modified))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    yield return change;
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
                    yield return change;
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
            Properties = [.. ContactProperties, "hs_updated_by_user_id"],
            Limit = pageSize,
            After = after,
        };
    }
}
