using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using NodaTime;

namespace CallCrm.Connectors.State;

/// <summary>A durable first-in first-out buffer of records per stream, used while a sink is unavailable.</summary>
/// <remarks>
/// <para>A key waits at most once per stream: enqueuing it again replaces the waiting entry's message and raises its
/// <see cref="OutboxEntry.Revision"/>. Completing names the revision that was delivered, so a newer message enqueued while an older
/// one was being delivered (by this process, or by another instance over the same store) is never removed unsent: it stays waiting and
/// is delivered by the next drain.</para>
/// <para>Implementations are safe for concurrent use, also from several processes sharing one store.</para>
/// </remarks>
public interface IOutboxStore
{
    /// <summary>Appends messages. A message whose (stream, key) is already waiting replaces that entry's payload, keeps its place and
    /// raises its <see cref="OutboxEntry.Revision"/>.</summary>
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

    /// <summary>Reads the waiting entries of some keys of a stream, whatever their place, back-off or claim.</summary>
    /// <remarks>An engine reads them before it buffers a record, so that a late older version of a record never replaces a newer one
    /// that waits for the sink. Reading claims nothing.</remarks>
    /// <param name="stream">The stream.</param>
    /// <param name="keys">The keys.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The waiting entries by key; keys that do not wait are absent.</returns>
    ValueTask<IReadOnlyDictionary<string, OutboxEntry>> GetAsync(string stream, IReadOnlyCollection<string> keys, CancellationToken cancellationToken = default);

    /// <summary>Removes delivered entries, each only while it still holds the revision that was delivered.</summary>
    /// <param name="completions">The entries' identifiers and delivered revisions (<see cref="OutboxEntry.Completion"/>). An entry that
    /// is not waiting any more, or whose message was replaced since (a higher revision), is left as it is.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task that completes when the entries are removed.</returns>
    ValueTask CompleteAsync(IReadOnlyList<OutboxCompletion> completions, CancellationToken cancellationToken = default);

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
