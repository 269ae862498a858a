using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace CallCrm.Connectors.Sync.Internal;

/// <summary>Keeps two batches that share a record key from being written at the same time.</summary>
/// <remarks>
/// Concurrent batches, push ingestion and outbox drains can meet the same key. Without this gate the ledger check of
/// one could run before the other's commit, and an older version could overwrite a newer one. Keys are disjoint in
/// the common case, so the cost is one dictionary operation per key.
/// </remarks>
internal sealed class KeyedGate
{
    private readonly Dictionary<string, TaskCompletionSource> _inFlight = new(StringComparer.Ordinal);
    private readonly object _lock = new();

    public async ValueTask<Lease> EnterAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task? wait = null;
            lock (_lock)
            {
                foreach (var key in keys)
                {
                    if (_inFlight.TryGetValue(key, out var other))
                    {
                        wait = other.Task;
                        break;
                    }
                }

                if (wait is null)
                {
                    var mine = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    foreach (var key in keys)
                    {
                        _inFlight[key] = mine;
                    }

                    return new Lease(this, keys, mine);
                }
            }

            await wait.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private void Exit(IReadOnlyCollection<string> keys, TaskCompletionSource mine)
    {
        lock (_lock)
        {
            foreach (var key in keys)
            {
                if (_inFlight.TryGetValue(key, out var holder) && ReferenceEquals(holder, mine))
                {
                    _inFlight.Remove(key);
                }
            }
        }

        mine.TrySetResult();
    }

    internal readonly struct Lease(KeyedGate gate, IReadOnlyCollection<string> keys, TaskCompletionSource mine) : IDisposable
    {
        public void Dispose() => gate?.Exit(keys, mine);
    }
}
