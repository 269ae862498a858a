using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using NodaTime;

namespace CallCrm.Connectors.State;

/// <summary>A durable first-in first-out buffer of records per stream, used while a sink is unavailable.</summary>
public interface IOutboxStore
{
    /// <summary>Appends messages. A message whose (stream, key) is already waiting replaces that entry's payload and keeps its place.</summary>
    /// <param name="messages">The messages.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task that completes when the messages are durable.</returns>
    ValueTask EnqueueAsync(IReadOnlyList<OutboxMessage> messages, CancellationToken cancellationToken = default);

    /// <summary>Reads the oldest waiting entries of a stream that are due at <paramref name="now"/>, oldest first.</summary>
    /// <remarks>An entry is not returned while an earlier entry with the same <see cref="OutboxMessage.PartitionKey"/> waits for a later
    /// attempt (<see cref="RecordFailureAsync"/>): a partition is delivered in order, so a failing entry holds back the ones after it.</remarks>
    /// <param name="stream">The stream.</param>
    /// <param name="maxCount">How many entries to read at most.</param>
    /// <param name="now">The current time, compared with <see cref="OutboxEntry.NextAttemptAt"/>.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The entries, oldest first.</returns>
    ValueTask<IReadOnlyList<OutboxEntry>> PeekAsync(string stream, int maxCount, Instant now, CancellationToken cancellationToken = default);

    /// <summary>Removes delivered entries.</summary>
    /// <param name="ids">The entries' identifiers.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task that completes when the entries are removed.</returns>
    ValueTask CompleteAsync(IReadOnlyList<long> ids, CancellationToken cancellationToken = default);

    /// <summary>Records a failed delivery attempt of an entry and when to try it again.</summary>
    /// <param name="id">The entry's identifier.</param>
    /// <param name="errorCode">The error code of the failure.</param>
    /// <param name="nextAttemptAt">When to try again.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task that completes when the failure is recorded.</returns>
    ValueTask RecordFailureAsync(long id, string errorCode, Instant nextAttemptAt, CancellationToken cancellationToken = default);

    /// <summary>Gets how much is waiting.</summary>
    /// <param name="stream">The stream, or <see langword="null"/> for all streams.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The statistics.</returns>
    ValueTask<OutboxStatistics> GetStatisticsAsync(string? stream = null, CancellationToken cancellationToken = default);
}
