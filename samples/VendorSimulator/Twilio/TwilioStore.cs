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
        }
    }

    public void AddRange(IEnumerable<TwilioCall> newCalls)
    {
        lock (gate)
        {
            foreach (var call in newCalls)
            {
                if (!bySid.TryAdd(call.Sid, call))
                {
                    throw new InvalidOperationException($"Call {call.Sid} already exists.");
                }

                var index = calls.BinarySearch(call, ListOrder);
                calls.Insert(index < 0 ? ~index : index, call);
            }
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

    public List<TwilioCall> Where(Func<TwilioCall, bool> predicate) => Read((all, _) => all.Where(predicate).ToList());
}
