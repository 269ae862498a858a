using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
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
public sealed class HubSpotCustomerSource : ICustomerSource, IConnectionCheck
{
    private readonly ContactChangeFeed feed;
    private readonly IPhoneNumberNormalizer normalizer;
    private readonly HubSpotOptions options;
    private readonly ILogger logger;

    internal HubSpotCustomerSource(ContactChangeFeed feed, IPhoneNumberNormalizer normalizer, HubSpotOptions options, ILogger logger)
    {
        this.feed = feed;
        this.normalizer = normalizer;
        this.options = options;
        this.logger = logger;
    }

    /// <inheritdoc />
    public string Name { get; internal init; } = HubSpotOptions.ProviderName;

    /// <inheritdoc />
    /// <remarks>Reads one contact of the portal (<c>GET crm/v3/objects/contacts?limit=1</c>).</remarks>
    public ValueTask<ConnectorError?> CheckConnectionAsync(CancellationToken cancellationToken = default) =>
        ConnectionCheck is { } check ? check.CheckAsync(cancellationToken) : ValueTask.FromResult<ConnectorError?>(null);

    internal HubSpotConnectionCheck? ConnectionCheck { get; init; }

    /// <inheritdoc />
    /// <remarks>Ordered by change time: contacts are read by <c>lastmodifieddate</c> windows.</remarks>
    public SourceCapabilities Capabilities { get; } = new(SourceOrdering.ChangeTime);

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The request's checkpoint is not a <see cref="WatermarkCheckpoint"/>.</exception>
    public async IAsyncEnumerable<SourceItem<CustomerChange>> ReadAsync(ReadRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var since = request.Since switch
        {
            null => WatermarkCheckpoint.Start,
            WatermarkCheckpoint watermark => watermark,
            _ => throw new ArgumentException("HubSpot contact positions are WatermarkCheckpoint values.", nameof(request)),
        };
        var pageSize = Math.Clamp(request.PageSize ?? options.CustomerPageSize, 1, 200);
        await foreach (var change in feed.ReadAsync(since, request.Until, pageSize, onTotal: null, cancellationToken).ConfigureAwait(false))
        {
            yield return Item(change);
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
}
