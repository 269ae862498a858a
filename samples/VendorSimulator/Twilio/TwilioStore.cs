using System;
using System.Collections.Generic;
using System.Linq;

namespace CallCrm.Connectors.VendorSimulator.Twilio;

/// <summary>
/// The calls the Twilio account holds, kept in Twilio's list order: most recent <c>date_created</c> first, then
/// SID descending to break ties (many calls share one second). Thread-safe.
/// </summary>
internal sealed class TwilioStore
{
    private static readonly IComparer<TwilioCall> ListOrder = Comparer<TwilioCall>.Create((a, b) =>
    {
        var byDate = b.DateCreated.CompareTo(a.DateCreated);
        return byDate != 0 ? byDate : string.CompareOrdinal(b.Sid, a.Sid);
    });

    private readonly object gate = new();
    private readonly List<TwilioCall> calls = [];
    private readonly Dictionary<string, TwilioCall> bySid = new(StringComparer.Ordinal);

    // Filtered lists by filter (a list's pages repeat it), valid until the next change; a few lists at a time.
    private readonly Dictionary<string, object> filtered = new(StringComparer.Ordinal);

    // Position of each item in a cached filtered list, for PageToken lookups without a scan.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<object, Dictionary<string, int>> Positions = [];

    public int Count
    {
        get
        {
            lock (gate)
            {
                return calls.Count;
            }
        }
    }

    public void Clear()
    {
        lock (gate)
        {
            calls.Clear();
            bySid.Clear();
            filtered.Clear();
        }
    }

    public void AddRange(IEnumerable<TwilioCall> newCalls)
    {
        lock (gate)
        {
            var added = 0;
            foreach (var call in newCalls)
            {
                if (!bySid.TryAdd(call.Sid, call))
                {
                    throw new InvalidOperationException($"Call {call.Sid} already exists.");
                }

                calls.Add(call);
                added++;
            }

            // One sort for a seed of a million calls; an insert in place for the odd call added later.
            if (added == 1 && calls.Count > 1)
            {
                var call = calls[^1];
                calls.RemoveAt(calls.Count - 1);
                var index = calls.BinarySearch(call, ListOrder);
                calls.Insert(index < 0 ? ~index : index, call);
            }
            else if (added > 1)
            {
                calls.Sort(ListOrder);
            }

            filtered.Clear();
        }
    }

    /// <summary>Runs <paramref name="action"/> on a call under the store's lock (status changes), if it exists.</summary>
    public bool TryUpdate(string sid, Action<TwilioCall> action)
    {
        lock (gate)
        {
            if (!bySid.TryGetValue(sid, out var call))
            {
                return false;
            }

            action(call);
            filtered.Clear();
            return true;
        }
    }

    /// <summary>Runs <paramref name="read"/> under the lock so that it sees a consistent store (calls mutate in place).</summary>
    public T Read<T>(Func<IReadOnlyList<TwilioCall>, IReadOnlyDictionary<string, TwilioCall>, T> read)
    {
        lock (gate)
        {
            return read(calls, bySid);
        }
    }

    /// <summary>
    /// The list <paramref name="build"/> makes from the calls for <paramref name="key"/> (a filter), built once and reused
    /// until the store changes. Callers must not modify it.
    /// </summary>
    public List<T> Filtered<T>(string key, Func<IReadOnlyList<TwilioCall>, List<T>> build)
    {
        lock (gate)
        {
            if (filtered.TryGetValue(key, out var cached))
            {
                return (List<T>)cached;
            }

            if (filtered.Count >= 16)
            {
                filtered.Clear();
            }

            var list = build(calls);
            filtered[key] = list;
            return list;
        }
    }

    /// <summary>The index of the item with <paramref name="sid"/> in <paramref name="items"/>, or -1.</summary>
    public static int IndexOf<T>(List<T> items, string sid, Func<T, string> sidOf)
    {
        var positions = Positions.GetValue(items, list =>
        {
            var typed = (List<T>)list;
            var map = new Dictionary<string, int>(typed.Count, StringComparer.Ordinal);
            for (var i = 0; i < typed.Count; i++)
            {
                map.TryAdd(sidOf(typed[i]), i);
            }

            return map;
        });
        return positions.TryGetValue(sid, out var index) ? index : -1;
    }
}
