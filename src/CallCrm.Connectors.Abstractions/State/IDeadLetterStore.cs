using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using NodaTime;

namespace CallCrm.Connectors.State;

/// <summary>Keeps records that failed permanently, with their reason, to be listed, fixed, replayed and purged.</summary>
public interface IDeadLetterStore
{
    /// <summary>Adds dead letters.</summary>
    /// <param name="messages">The dead letters.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task that completes when they are durable.</returns>
    ValueTask AddAsync(IReadOnlyList<DeadLetterMessage> messages, CancellationToken cancellationToken = default);

    /// <summary>Lists dead letters in identifier order.</summary>
    /// <param name="query">Which dead letters.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The dead letters.</returns>
    ValueTask<IReadOnlyList<DeadLetterEntry>> ListAsync(DeadLetterQuery query, CancellationToken cancellationToken = default);

    /// <summary>Gets one dead letter.</summary>
    /// <param name="id">Its identifier.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The dead letter, or <see langword="null"/> when there is none with that identifier.</returns>
    ValueTask<DeadLetterEntry?> GetAsync(long id, CancellationToken cancellationToken = default);

    /// <summary>Replaces a dead letter's payload with a fixed one, before it is replayed.</summary>
    /// <param name="id">Its identifier.</param>
    /// <param name="payload">The fixed payload.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns><see langword="true"/> when the dead letter existed.</returns>
    ValueTask<bool> UpdatePayloadAsync(long id, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default);

    /// <summary>Removes dead letters (after a successful replay).</summary>
    /// <param name="ids">Their identifiers.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>How many were removed.</returns>
    ValueTask<int> RemoveAsync(IReadOnlyList<long> ids, CancellationToken cancellationToken = default);

    /// <summary>Removes dead letters older than a point in time.</summary>
    /// <param name="stream">Only this stream's, or <see langword="null"/> for all.</param>
    /// <param name="failedBefore">Removes those that failed before this time.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>How many were removed.</returns>
    ValueTask<int> PurgeAsync(string? stream, Instant failedBefore, CancellationToken cancellationToken = default);

    /// <summary>Counts dead letters.</summary>
    /// <param name="stream">Only this stream's, or <see langword="null"/> for all.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The number of dead letters.</returns>
    ValueTask<long> CountAsync(string? stream = null, CancellationToken cancellationToken = default);
}
