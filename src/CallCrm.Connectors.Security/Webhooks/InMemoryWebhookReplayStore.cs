using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace CallCrm.Connectors.Security.Webhooks;

/// <summary>A bounded, in-process <see cref="IWebhookReplayStore"/>; entries expire by <see cref="TimeProvider"/> time.</summary>
/// <remarks>When full it forgets the entry that expires first. A flood of forged events cannot fill it, because only events with a valid
/// signature are registered; size it above the number of genuine events the window holds.</remarks>
public sealed class InMemoryWebhookReplayStore : IWebhookReplayStore
{
    private readonly TimeProvider timeProvider;
    private readonly int capacity;
    private readonly Dictionary<string, DateTimeOffset> seen = new(StringComparer.Ordinal);
    private readonly PriorityQueue<string, DateTimeOffset> expiries = new();
    private readonly Lock gate = new();

    /// <summary>Initializes a new instance of the <see cref="InMemoryWebhookReplayStore"/> class.</summary>
    /// <param name="timeProvider">The clock expiry is measured with.</param>
    /// <param name="capacity">How many events to remember at most.</param>
    public InMemoryWebhookReplayStore(TimeProvider timeProvider, int capacity = 100_000)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        this.timeProvider = timeProvider;
        this.capacity = capacity;
    }

    /// <summary>Gets how many events are remembered now.</summary>
    public int Count
    {
        get
        {
            lock (gate)
            {
                Purge(timeProvider.GetUtcNow());
                return seen.Count;
            }
        }
    }

    /// <inheritdoc />
    public ValueTask<bool> TryRegisterAsync(string eventKey, DateTimeOffset expiresAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(eventKey);
        var now = timeProvider.GetUtcNow();
        lock (gate)
        {
            Purge(now);
            if (seen.TryGetValue(eventKey, out var until) && until > now)
            {
                return ValueTask.FromResult(false);
            }

            while (seen.Count >= capacity && expiries.TryDequeue(out var oldest, out var oldestExpiry))
            {
                // The queue may hold stale entries for keys re-registered later; only remove the key if this entry is current.
                if (seen.TryGetValue(oldest, out var current) && current == oldestExpiry)
                {
                    seen.Remove(oldest);
                }
            }

            seen[eventKey] = expiresAt;
            expiries.Enqueue(eventKey, expiresAt);
            return ValueTask.FromResult(true);
        }
    }

    /// <inheritdoc />
    public ValueTask ForgetAsync(string eventKey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(eventKey);
        lock (gate)
        {
            // Its queue entry stays behind and is skipped as stale when dequeued.
            seen.Remove(eventKey);
        }

        return ValueTask.CompletedTask;
    }

    private void Purge(DateTimeOffset now)
    {
        while (expiries.TryPeek(out var key, out var expiry) && expiry <= now)
        {
            expiries.Dequeue();
            if (seen.TryGetValue(key, out var current) && current == expiry)
            {
                seen.Remove(key);
            }
        }
    }
}
