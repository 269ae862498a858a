using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using CallCrm.Connectors.Errors;
using CallCrm.Connectors.Sync.Diagnostics;

namespace CallCrm.Connectors.Sync.Internal;

/// <summary>The reading side of a run, which every stream shares: a source read into a bounded channel for the run's writers.</summary>
internal static class SourcePump
{
    /// <summary>Reads every item of the source into the channel, then completes it.</summary>
    /// <typeparam name="TItem">What the source yields.</typeparam>
    /// <typeparam name="TWork">What the run's writers take.</typeparam>
    /// <param name="read">Starts reading the source.</param>
    /// <param name="writer">The channel to the writers; completed when reading ends, whatever the reason.</param>
    /// <param name="toWork">Wraps an item for the writers.</param>
    /// <param name="counters">Counts what was read.</param>
    /// <param name="metrics">Counts what was read into <c>callcrm.sync.records.read</c>.</param>
    /// <param name="stream">The stream's name.</param>
    /// <param name="budgetExhausted">Told at once when the source's budget is spent: what was read is still written.</param>
    /// <param name="cancellationToken">Ends the reading (a graceful stop or the run's end).</param>
    /// <returns>Whether the source was read to its end, and its failure, if it failed: the run settles what was read, then throws it.</returns>
    public static async Task<Result> PumpAsync<TItem, TWork>(
        Func<CancellationToken, IAsyncEnumerable<TItem>> read,
        ChannelWriter<TWork> writer,
        Func<TItem, TWork> toWork,
        RunCounters counters,
        SyncMetrics metrics,
        string stream,
        Action<ConnectorError> budgetExhausted,
        CancellationToken cancellationToken)
    {
        try
        {
            if (cancellationToken.IsCancellationRequested)
            {
                // Stopped before the run began: not even a first page is asked for.
                return default;
            }

            await foreach (var item in read(cancellationToken).WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                await writer.WriteAsync(toWork(item), cancellationToken).ConfigureAwait(false);

                // Counted once handed to the writers: a record dropped by a stop while the channel was full is not in the report.
                counters.AddRead(1);
                metrics.Read(stream);
            }

            return new Result(ReadToEnd: true, Failure: null);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return default;
        }
        catch (ConnectorException ex) when (ex.Code.Is(ConnectorErrorCode.BudgetExhausted))
        {
            // What was read is still written; the run then ends with its checkpoint saved.
            budgetExhausted(ex.Error);
            return default;
        }
#pragma warning disable CA1031 // The failure is handed to the run, which settles what was read and then throws it.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return new Result(ReadToEnd: false, Failure: ex);
        }
        finally
        {
            writer.TryComplete();
        }
    }

    /// <summary>How the reading ended.</summary>
    /// <param name="ReadToEnd">Whether the source was read to its end.</param>
    /// <param name="Failure">The source's failure, or <see langword="null"/>.</param>
    public readonly record struct Result(bool ReadToEnd, Exception? Failure);
}
