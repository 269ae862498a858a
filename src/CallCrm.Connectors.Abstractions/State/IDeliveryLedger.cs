using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace CallCrm.Connectors.State;

/// <summary>Remembers, per stream and record key, what was delivered, so that delivery is idempotent.</summary>
public interface IDeliveryLedger
{
    /// <summary>Gets the entries of the given keys; keys never delivered are absent from the result.</summary>
    /// <param name="stream">The stream.</param>
    /// <param name="keys">The record keys.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The entries found, by key.</returns>
    ValueTask<IReadOnlyDictionary<string, LedgerEntry>> GetAsync(string stream, IReadOnlyCollection<string> keys, CancellationToken cancellationToken = default);

    /// <summary>Inserts or replaces entries.</summary>
    /// <param name="entries">The entries.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task that completes when the entries are durable.</returns>
    ValueTask UpsertAsync(IReadOnlyList<LedgerEntry> entries, CancellationToken cancellationToken = default);

    /// <summary>Counts a stream's entries by status.</summary>
    /// <param name="stream">The stream.</param>
    /// <param name="status">The status to count.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The number of entries.</returns>
    ValueTask<long> CountAsync(string stream, DeliveryStatus status, CancellationToken cancellationToken = default);
}
