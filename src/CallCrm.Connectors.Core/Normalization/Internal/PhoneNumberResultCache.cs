using System;
using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Threading;

namespace CallCrm.Connectors.Normalization.Internal;

/// <summary>A bounded, thread-safe cache of normalization results keyed on (raw number, region), evicting with the
/// CLOCK (second-chance) algorithm.</summary>
/// <remarks>
/// CLOCK approximates LRU without reordering anything on a hit: a hit is one dictionary lookup and, at most, one
/// write of a "recently used" flag, so reads take no lock and allocate nothing. Inserts (which follow a
/// libphonenumber parse costing microseconds anyway) take a lock, sweep the ring for an entry whose flag is clear,
/// and replace it, giving recently used entries a second chance.
/// </remarks>
internal sealed class PhoneNumberResultCache
{
    private readonly ConcurrentDictionary<Key, Entry> _map;
    private readonly Entry?[] _ring;
    private readonly Lock _writeLock = new();
    private int _hand;
    private int _filled;

    public PhoneNumberResultCache(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        _ring = new Entry?[capacity];

        // Pre-size up to a point: a large capacity that is never filled should not cost its memory up front.
        _map = new ConcurrentDictionary<Key, Entry>(Environment.ProcessorCount, Math.Min(capacity, 1024));
    }

    /// <summary>Gets the number of cached results.</summary>
    public int Count => _map.Count;

    /// <summary>Gets the maximum number of cached results.</summary>
    public int Capacity => _ring.Length;

    public bool TryGet(string raw, string region, [NotNullWhen(true)] out PhoneNumberResult? result)
    {
        if (_map.TryGetValue(new Key(raw, region), out var entry))
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

    public void Add(string raw, string region, PhoneNumberResult result)
    {
        var key = new Key(raw, region);
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

    private readonly struct Key(string raw, string region) : IEquatable<Key>
    {
        public string Raw { get; } = raw;

        public string Region { get; } = region;

        public bool Equals(Key other) =>
            string.Equals(Raw, other.Raw, StringComparison.Ordinal)
            && string.Equals(Region, other.Region, StringComparison.Ordinal);

        public override bool Equals(object? obj) => obj is Key other && Equals(other);

        public override int GetHashCode() => HashCode.Combine(Raw.GetHashCode(StringComparison.Ordinal), Region.GetHashCode(StringComparison.Ordinal));
    }

    private sealed class Entry(Key key, PhoneNumberResult result)
    {
        // Benign race: a lost "referenced" write only makes eviction slightly less accurate.
        private volatile bool _referenced;

        public Key Key { get; } = key;

        public PhoneNumberResult Result { get; } = result;

        public bool Referenced
        {
            get => _referenced;
            set => _referenced = value;
        }
    }
}
