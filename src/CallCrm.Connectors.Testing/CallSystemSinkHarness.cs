using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CallCrm.Connectors.Model;
using CallCrm.Connectors.Providers;

namespace CallCrm.Connectors.Testing;

/// <summary>What <see cref="CallSystemSinkConformanceTests"/> needs to test a sink of customers' tag sets: an
/// <see cref="ICallSystemSink"/>, or an <see cref="ICrmTagSink"/> writing them into a CRM.</summary>
/// <remarks>A <see cref="RecordSinkHarness{TRecord}"/> of <see cref="CustomerTagUpdate"/>s that makes the updates for you
/// and reads the backend through <see cref="GetTagsAsync"/>: a customer holds a record once when it holds each tag once,
/// and holds an update when it holds exactly its tag set.</remarks>
public abstract class CallSystemSinkHarness : RecordSinkHarness<CustomerTagUpdate>
{
    /// <summary>Reads the tags the backend holds for a customer.</summary>
    /// <param name="customerId">The customer's identifier (<see cref="CustomerTagUpdate.CustomerId"/>).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The tags held, as many times as the backend holds each; <see langword="null"/> when it holds nothing for the customer.</returns>
    public abstract ValueTask<IReadOnlyList<CustomerTag>?> GetTagsAsync(string customerId, CancellationToken cancellationToken = default);

    /// <inheritdoc />
    /// <remarks>Tag sets of distinct customers, version 1, from the kit's deterministic data.</remarks>
    public override IReadOnlyList<CustomerTagUpdate> CreateRecords(int count) => ConformanceData.TagUpdates(count);

    /// <inheritdoc />
    /// <remarks>The next version of the customer's tags, with another tag set.</remarks>
    public override CustomerTagUpdate Changed(CustomerTagUpdate record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return ConformanceData.Changed(record);
    }

    /// <inheritdoc />
    /// <remarks>Reads the customer of the key (<see cref="CustomerTagUpdate.Key"/> is <c>customerId@version</c>) with
    /// <see cref="GetTagsAsync"/>: 0 when it holds no tags, otherwise how many times it holds its most repeated tag.</remarks>
    public override async ValueTask<int> CountAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        var at = key.LastIndexOf('@');
        var held = await GetTagsAsync(at < 0 ? key : key[..at], cancellationToken).ConfigureAwait(false);
        return held switch
        {
            null => 0,
            [] => 1,
            _ => held.GroupBy(t => t).Max(g => g.Count()),
        };
    }

    /// <inheritdoc />
    /// <remarks>Whether the customer holds exactly the update's tag set, in any order.</remarks>
    public override async ValueTask<bool> HoldsAsync(CustomerTagUpdate record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        var held = await GetTagsAsync(record.CustomerId, cancellationToken).ConfigureAwait(false);
        return held is not null && held.Count == record.Tags.Count && held.ToHashSet().SetEquals(record.Tags);
    }
}
