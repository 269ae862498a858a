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
/// search API, oldest change first. HubSpot search pages by offset and stops at 10,000 results, so before the offset
/// would pass the window the search restarts from the last modification time seen, skipping the contacts of that
/// instant already returned. Search requests go through the search rate limit.
/// </summary>
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
        var low = since.Timestamp;
        var current = since.Timestamp;
        var seenAtCurrent = new HashSet<string>(StringComparer.Ordinal);
        string? after = null;

        while (true)
        {
            var page = await api.SearchAsync("contacts", Query(low, request.Until, pageSize, after), cancellationToken).ConfigureAwait(false);
            foreach (var contact in page.Results)
            {
                var modified = HubSpotValues.ParseInstant(contact.Property("lastmodifieddate")) ?? Instant.MinValue;
                if (modified < since.Timestamp || (modified == since.Timestamp && HubSpotValues.CompareIds(contact.Id, since.TieBreakId) <= 0))
                {
                    continue;
                }

                if (modified != current)
                {
                    current = modified;
                    seenAtCurrent.Clear();
                }

                if (!seenAtCurrent.Add(contact.Id))
                {
                    continue;
                }

                var profile = ContactMapper.ToProfile(contact, options, normalizer, region: null);
                var change = new CustomerChange(profile, modified, contact.Property("hs_updated_by_user_id"));
                yield return new SourceItem<CustomerChange>(change, new WatermarkCheckpoint(modified, contact.Id));
            }

            // HubSpot gives no next cursor at the window's edge even when more results match: "total" tells.
            var reached = (int.TryParse(after, NumberStyles.None, CultureInfo.InvariantCulture, out var start) ? start : 0) + page.Results.Count;
            var next = page.Paging?.Next?.After;
            if (next is not { Length: > 0 } && (reached < ResultWindow || page.Total <= reached))
            {
                yield break;
            }

            if (next is not { Length: > 0 } || (int.TryParse(next, NumberStyles.None, CultureInfo.InvariantCulture, out var offset) && offset + pageSize > ResultWindow))
            {
                if (current == low)
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
                low = current;
                after = null;
            }
            else
            {
                after = next;
            }
        }
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
            filters.Add(new FilterDto { PropertyName = "lastmodifieddate", Operator = "LTE", Value = HubSpotValues.Format(end) });
        }

        return new SearchRequestDto
        {
            FilterGroups = filters.Count == 0 ? null : [new FilterGroupDto { Filters = filters }],
            // HubSpot search takes one sort; contacts of one instant are told apart by the skip set, not by order.
            Sorts = [new SortDto { PropertyName = "lastmodifieddate", Direction = "ASCENDING" }],
            Properties = [.. directory.ContactProperties, "hs_updated_by_user_id"],
            Limit = pageSize,
            After = after,
        };
    }
}
