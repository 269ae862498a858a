using System;
using System.Threading;
using System.Threading.Tasks;

namespace CallCrm.Connectors.Sync.Internal;

/// <summary>The drain that ends a run: rounds of the outbox drain until the outbox is empty, waiting between rounds as the sink asks,
/// so that a flaky CRM that answers at the end of the run leaves nothing buffered while a real outage still ends the run.</summary>
/// <remarks>A round stops at the first batch the sink could not take (after the pipeline's own retries). The next round waits for
/// the sink's Retry-After or, for an open circuit, until it half-opens (never less than <paramref name="minimumWait"/>). The drain
/// gives up after <see cref="FruitlessRounds"/> rounds in a row that settled nothing (an outage), or when the next wait would end
/// past <paramref name="timeout"/>.</remarks>
/// <param name="time">The engine's clock.</param>
/// <param name="timeout">How long the rounds after the first may take in all (<see cref="SyncOptions.OutboxFinalDrainTimeout"/>).</param>
/// <param name="minimumWait">The shortest wait between rounds (the pipeline's first retry delay).</param>
internal sealed class FinalDrain(TimeProvider time, TimeSpan timeout, TimeSpan minimumWait)
{
    /// <summary>Rounds in a row that settle nothing before the drain takes the sink for down.</summary>
    public const int FruitlessRounds = 3;

    /// <summary>Drains until the outbox is empty or the drain gives up.</summary>
    /// <param name="drain">One round of the stream's drain; returns whether the outbox is empty.</param>
    /// <param name="retryAfter">How long the sink asked to be left alone when the last round stopped, or <see langword="null"/>.</param>
    /// <param name="counters">The run's counters, whose settled records tell a round that made progress.</param>
    /// <param name="cancellationToken">Aborts the drain.</param>
    /// <param name="stoppingToken">Ends the drain gracefully: no further round is started.</param>
    /// <returns><see langword="true"/> when the outbox is empty.</returns>
    public async Task<bool> RunAsync(
        Func<CancellationToken, Task<bool>> drain,
        Func<TimeSpan?> retryAfter,
        RunCounters counters,
        CancellationToken cancellationToken,
        CancellationToken stoppingToken)
    {
        var startedAt = time.GetTimestamp();
        var fruitless = 0;
        while (true)
        {
            var settledBefore = Settled(counters);
            if (await drain(cancellationToken).ConfigureAwait(false))
            {
                return true;
            }

            fruitless = Settled(counters) > settledBefore ? 0 : fruitless + 1;
            var wait = retryAfter() is { } after && after > minimumWait ? after : minimumWait;
            if (timeout <= TimeSpan.Zero || fruitless >= FruitlessRounds || stoppingToken.IsCancellationRequested || time.GetElapsedTime(startedAt) + wait > timeout)
            {
                return false;
            }

            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, stoppingToken);
            try
            {
                await Task.Delay(wait, time, linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return false;
            }
        }
    }

    private static long Settled(RunCounters counters) => counters.Written + counters.Unchanged + counters.DeadLettered;
}
