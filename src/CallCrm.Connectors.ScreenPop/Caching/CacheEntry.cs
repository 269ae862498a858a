using System;
using System.Collections.Concurrent;
using System.Linq;
using CallCrm.Connectors.Model;

namespace CallCrm.Connectors.ScreenPop.Caching;

/// <summary>One number's CRM answer as read, unfiltered (so one CRM request serves every role), with the filtered copies made from it.</summary>
internal sealed class CacheEntry
{
    public CacheEntry(CustomerLookupResult result, DateTimeOffset retrievedAt)
    {
        Result = result;
        RetrievedAt = retrievedAt;
        CustomerIds = [.. result.Matches.Select(m => m.Customer.Id)];
    }

    public CustomerLookupResult Result { get; }

    public DateTimeOffset RetrievedAt { get; }

    public string[] CustomerIds { get; }

    /// <summary>Gets the card filtered per set of roles, with its audit facts. Few role sets exist, so this stays tiny; it dies with the
    /// entry, so an invalidation or refresh drops every role's projection too.</summary>
    public ConcurrentDictionary<string, RoleProjection> ProjectionsByRoles { get; } = new(StringComparer.Ordinal);

    /// <summary>Gets or sets the audit pseudonym of the number, computed once per entry (an HMAC costs more than the whole cached lookup).</summary>
    public string? Pseudonym { get; set; }

    /// <summary>Gets or sets the last read, in <see cref="TimeProvider.GetTimestamp"/> ticks, for least-recently-read eviction.</summary>
    public long LastReadTimestamp;

    public bool Shows(string customerId) => Array.IndexOf(CustomerIds, customerId) >= 0;
}
