using System;
using System.Collections.Generic;

namespace CallCrm.Connectors.VendorSimulator.CallSystem;

/// <summary>The call system's tags per customer and the event ids already processed. Thread-safe.</summary>
internal sealed class CallSystemStore
{
    private readonly object gate = new();
    private readonly Dictionary<string, CustomerTags> tags = new(StringComparer.Ordinal);
    private readonly HashSet<string> events = new(StringComparer.Ordinal);

    public int Customers
    {
        get
        {
            lock (gate)
            {
                return tags.Count;
            }
        }
    }

    /// <summary>Applies a delivery: a replayed event id changes nothing; an older version never overwrites a newer one.</summary>
    /// <returns>Whether the event was new, and whether its tags are now the customer's current ones.</returns>
    public (bool NewEvent, bool Applied) Apply(CustomerTags update)
    {
        lock (gate)
        {
            if (!events.Add(update.EventId))
            {
                return (false, false);
            }

            if (tags.TryGetValue(update.CustomerId, out var current) && current.Version > update.Version)
            {
                return (true, false);
            }

            tags[update.CustomerId] = update;
            return (true, true);
        }
    }

    public CustomerTags? Get(string customerId)
    {
        lock (gate)
        {
            return tags.GetValueOrDefault(customerId);
        }
    }

    public void Clear()
    {
        lock (gate)
        {
            tags.Clear();
            events.Clear();
        }
    }
}
