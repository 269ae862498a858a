using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;

namespace CallCrm.Connectors.Sync.Internal;

/// <summary>Cuts a channel into batches: full batches at once, partial ones after at most <c>maxDelay</c> on the engine's clock.</summary>
internal static class BatchReader
{
    /// <summary>Reads the next batch, or <see langword="null"/> when the channel is completed and empty.</summary>
    public static async ValueTask<List<T>?> ReadBatchAsync<T>(
        ChannelReader<T> reader, int maxSize, TimeSpan maxDelay, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        if (!await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        var batch = new List<T>(Math.Min(maxSize, 1024));
        var deadline = timeProvider.GetTimestamp() + (long)(maxDelay.TotalSeconds * timeProvider.TimestampFrequency);
        while (batch.Count < maxSize)
        {
            if (reader.TryRead(out var item))
            {
                batch.Add(item);
                continue;
            }

            var remaining = timeProvider.GetElapsedTime(timeProvider.GetTimestamp(), deadline);
            if (remaining <= TimeSpan.Zero)
            {
                break;
            }

            // Wait for more, but never past the deadline: a slow trickle (push ingestion) still flushes in time.
            using var timeout = new CancellationTokenSource(remaining, timeProvider);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            try
            {
                if (!await reader.WaitToReadAsync(linked.Token).ConfigureAwait(false))
                {
                    break;
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                break;
            }
        }

        return batch;
    }
}
