using System;
using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using System.Threading;

namespace CallCrm.Connectors.Normalization.Internal;

/// <summary>A bounded, thread-safe cache of normalization results keyed on (raw number, region), admitting a number
/// on its second sighting and evicting with the CLOCK (second-chance) algorithm.</summary>
/// <remarks>
/// CLOCK approximates LRU without reordering anything on a hit: a hit is one dictionary lookup and, at most, one
/// write of a "recently used" flag, so reads take no lock and allocate nothing. Inserts (which follow a
/// libphonenumber parse costing microseconds anyway) take a lock, sweep the ring for an entry whose flag is clear,
/// and replace it, giving recently used entries a second chance.
/// <para>A "doorkeeper" (as in TinyLFU) admits a number only when it is seen a second time: the first sighting only
/// records the key's hash in a small array. Most numbers in call data are seen once; inserting them would cost
/// every first-sight number an insert, an eviction and garbage that outlives gen 0, and would push out the hot
/// numbers the cache exists for. A collision in the doorkeeper only delays admission.</para>
/// </remarks>
internal sealed class PhoneNumberResultCache
{
    private readonly ConcurrentDictionary<PhoneNumberCacheKey, Entry> _map;
    private readonly Entry?[] _ring;
    private readonly int[] _seen;
    private readonly Lock _writeLock = new();
    private int _hand;
    private int _filled;

    public PhoneNumberResultCache(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        _ring = new Entry?[capacity];
        _seen = new int[Math.Max(64, (int)BitOperations.RoundUpToPowerOf2((uint)capacity * 2))];

        // Pre-size up to a point: a large capacity that is never filled should not cost its memory up front.
        _map = new ConcurrentDictionary<PhoneNumberCacheKey, Entry>(Environment.ProcessorCount, Math.Min(capacity, 1024));
    }

    /// <summary>Gets the number of cached results.</summary>
    public int Count => _map.Count;

    /// <summary>Gets the maximum number of cached results.</summary>
    public int Capacity => _ring.Length;

    public bool TryGet(in PhoneNumberCacheKey key, [NotNullWhen(true)] out PhoneNumberResult? result)
    {
        if (_map.TryGetValue(key, out var entry))
        {
            // Write only when the flag is clear, so that hot entries do not bounce a cache line between cores.
            if (!entry.Referenced)
            {
                entry.Referenced = true;
            }

            result = entry.Result;
            return true;
        }

        result = null;
        return false;
    }

    /// <summary>Caches a result if its key was seen before; otherwise only remembers the key was seen.</summary>
    public void Admit(in PhoneNumberCacheKey key, PhoneNumberResult result)
    {
        var tag = key.Hash == 0 ? 1 : key.Hash;
        ref var seen = ref _seen[key.Hash & (_seen.Length - 1)];
        if (Volatile.Read(ref seen) != tag)
        {
            Volatile.Write(ref seen, tag);
            return;
        }

        Add(key, result);
    }

    /// <summary>Caches a result, evicting one if the cache is full.</summary>
    public void Add(in PhoneNumberCacheKey key, PhoneNumberResult result)
    {
        lock (_writeLock)
        {
            if (_map.ContainsKey(key))
            {
                // Another thread normalized the same number at the same time; both results are equal.
                return;
            }

            int slot;
            if (_filled < _ring.Length)
            {
                slot = _filled++;
            }
            else
            {
                // Sweep: clear flags until an entry not used since the last sweep is found. Terminates within two
                // turns of the ring, because the first turn clears every flag.
                while (true)
                {
                    var candidate = _ring[_hand]!;
                    if (candidate.Referenced)
                    {
                        candidate.Referenced = false;
                        _hand = (_hand + 1) % _ring.Length;
                        continue;
                    }

                    _map.TryRemove(candidate.Key, out _);
                    slot = _hand;
                    _hand = (_hand + 1) % _ring.Length;
                    break;
                }
            }

            var entry = new Entry(key, result);
            _ring[slot] = entry;
            _map[key] = entry;
        }
    }

    private sealed class Entry(PhoneNumberCacheKey key, PhoneNumberResult result)
    {
        // Benign race: a lost "referenced" write only makes eviction slightly less accurate.
        private volatile bool _referenced;

        public PhoneNumberCacheKey Key { get; } = key;

        public PhoneNumberResult Result { get; } = result;

        public bool Referenced
        {
            get => _referenced;
            set => _referenced = value;
        }
    }
}
