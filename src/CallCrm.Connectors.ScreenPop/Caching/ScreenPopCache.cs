using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CallCrm.Connectors.Model;
using CallCrm.Connectors.Providers;
using NodaTime;

namespace CallCrm.Connectors.ScreenPop.Caching;

/// <summary>The bounded cache of CRM answers by E.164 number, with one CRM request at a time per number (coalescing).</summary>
internal sealed class ScreenPopCache
{
    private readonly ConcurrentDictionary<string, CacheEntry> entries = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Task<CacheEntry>> inFlight = new(StringComparer.Ordinal);
    private readonly ICustomerLookup lookup;
    private readonly ScreenPopOptions options;
    private readonly TimeProvider time;
    private readonly Lock trimGate = new();

    // Bumped by every invalidation: a CRM answer requested before an invalidation may predate the change, so it is handed to the
    // agents waiting for it but not cached. Coarse (any invalidation voids every request under way) but never serves old data.
    private long invalidations;

    public ScreenPopCache(ICustomerLookup lookup, ScreenPopOptions options, TimeProvider time)
    {
        this.lookup = lookup;
        this.options = options;
        this.time = time;
    }

    public int Count => entries.Count;

    public CacheEntry? TryGet(string e164)
    {
        if (entries.TryGetValue(e164, out var entry))
        {
            entry.LastReadTimestamp = time.GetTimestamp();
            return entry;
        }

        return null;
    }

    /// <summary>Gets the CRM request under way for a number, or starts one. Every caller gets the same task.</summary>
    public Task<CacheEntry> FetchAsync(string e164)
    {
        while (true)
        {
            if (inFlight.TryGetValue(e164, out var running))
            {
                return running;
            }

            var completion = new TaskCompletionSource<CacheEntry>(TaskCreationOptions.RunContinuationsAsynchronously);
            if (inFlight.TryAdd(e164, completion.Task))
            {
                _ = RunFetchAsync(e164, completion);
                return completion.Task;
            }
        }
    }

    public bool Invalidate(string e164)
    {
        Interlocked.Increment(ref invalidations);
        // The request under way may predate the change: later lookups must start their own.
        inFlight.TryRemove(e164, out _);
        return entries.TryRemove(e164, out _);
    }

    public int InvalidateCustomer(string customerId)
    {
        Interlocked.Increment(ref invalidations);
        // Requests under way for unknown numbers cannot be matched to the customer; the counter above keeps their answers out.
        var removed = 0;
        foreach (var (key, entry) in entries)
        {
            if (entry.Shows(customerId) && entries.TryRemove(KeyValuePair.Create(key, entry)))
            {
                removed++;
            }
        }

        return removed;
    }

    private async Task RunFetchAsync(string e164, TaskCompletionSource<CacheEntry> completion)
    {
        var epoch = Interlocked.Read(ref invalidations);
        try
        {
            using var timeout = new CancellationTokenSource(options.LookupTimeout, time);
            var now = time.GetUtcNow();
            var since = Instant.FromDateTimeOffset(now.AddMonths(-options.HistoryMonths));
            var result = await lookup.FindByPhoneAsync(new CustomerLookupRequest(e164, since, options.MaxCandidates), timeout.Token).ConfigureAwait(false);
            var entry = new CacheEntry(result, time.GetUtcNow()) { LastReadTimestamp = time.GetTimestamp() };
            if (Interlocked.Read(ref invalidations) == epoch)
            {
                entries[e164] = entry;
                TrimIfFull();
            }

            // Out of the in-flight table before the waiters resume: a lookup that follows one of them must start its own
            // request, not be handed this finished one (which would hide a failure or a change since).
            inFlight.TryRemove(KeyValuePair.Create(e164, completion.Task));
            completion.SetResult(entry);
        }
        catch (Exception ex)
        {
            inFlight.TryRemove(KeyValuePair.Create(e164, completion.Task));
            completion.SetException(ex);
        }
    }

    private void TrimIfFull()
    {
        if (entries.Count <= options.MaxEntries)
        {
            return;
        }

        lock (trimGate)
        {
            var excess = entries.Count - options.MaxEntries;
            if (excess <= 0)
            {
                return;
            }

            // Evict a tenth more than needed, least recently read first, so that a full cache sorts once per many inserts.
            var evict = Math.Min(entries.Count, excess + Math.Max(1, options.MaxEntries / 10));
            foreach (var (key, entry) in entries.OrderBy(e => e.Value.LastReadTimestamp).Take(evict).ToList())
            {
                entries.TryRemove(KeyValuePair.Create(key, entry));
            }
        }
    }
}
