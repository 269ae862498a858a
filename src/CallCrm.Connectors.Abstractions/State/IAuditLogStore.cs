using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using NodaTime;

namespace CallCrm.Connectors.State;

/// <summary>Stores the rows of the append-only audit log and a few named values (the chain's seal and anchor).</summary>
public interface IAuditLogStore
{
    /// <summary>Appends a row. Fails if a row with the same sequence exists.</summary>
    /// <param name="row">The row.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task that completes when the row is durable.</returns>
    ValueTask AppendAsync(AuditLogRow row, CancellationToken cancellationToken = default);

    /// <summary>Appends rows, in order, and sets a named value (the chain's seal covering them): the group commit of the audit log.
    /// Fails if a row's sequence exists.</summary>
    /// <param name="rows">The rows, in sequence order.</param>
    /// <param name="name">The name of the value to set with them.</param>
    /// <param name="value">The value.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task that completes when the rows and the value are durable.</returns>
    /// <remarks>Stores that can should do this in one transaction, all or nothing (the SQLite store does). This default appends the rows
    /// one by one and then sets the value, as separate writes.</remarks>
    async ValueTask AppendBatchAsync(IReadOnlyList<AuditLogRow> rows, string name, string value, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        foreach (var row in rows)
        {
            await AppendAsync(row, cancellationToken).ConfigureAwait(false);
        }

        await SetValueAsync(name, value, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Gets the row with the highest sequence.</summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The last row, or <see langword="null"/> when the log is empty.</returns>
    ValueTask<AuditLogRow?> GetLastAsync(CancellationToken cancellationToken = default);

    /// <summary>Reads rows in sequence order.</summary>
    /// <param name="fromSequence">The first sequence to read.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The rows.</returns>
    IAsyncEnumerable<AuditLogRow> ReadAsync(long fromSequence = 0, CancellationToken cancellationToken = default);

    /// <summary>Deletes rows recorded before a point in time (retention).</summary>
    /// <param name="recordedBefore">Rows recorded before this time are deleted.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>How many rows were deleted.</returns>
    ValueTask<int> DeleteRecordedBeforeAsync(Instant recordedBefore, CancellationToken cancellationToken = default);

    /// <summary>Gets a named value (for example the sealed chain head).</summary>
    /// <param name="name">The name.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The value, or <see langword="null"/> when it was never set.</returns>
    ValueTask<string?> GetValueAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Sets a named value.</summary>
    /// <param name="name">The name.</param>
    /// <param name="value">The value.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task that completes when the value is durable.</returns>
    ValueTask SetValueAsync(string name, string value, CancellationToken cancellationToken = default);
}
