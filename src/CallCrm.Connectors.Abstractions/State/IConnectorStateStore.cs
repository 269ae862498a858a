using System;
using System.Threading;
using System.Threading.Tasks;

namespace CallCrm.Connectors.State;

/// <summary>The durable state of the SDK: checkpoints, the delivery ledger, the outbox, dead letters, tag history and the audit log.</summary>
/// <remarks>
/// <para>The embedded default is the SQLite store (<c>CallCrm.Connectors.Storage.Sqlite</c>); a PostgreSQL store serves several
/// instances at once. Implementations create and migrate their own schema in <see cref="InitializeAsync"/>.</para>
/// <para>Implementations are thread-safe. <see cref="CommitAsync"/> is atomic: after a crash either all of a commit is stored or none of it,
/// which is what lets the engine advance a checkpoint only together with the ledger entries that justify it.</para>
/// </remarks>
public interface IConnectorStateStore : IAsyncDisposable
{
    /// <summary>Gets the checkpoints of the streams.</summary>
    ICheckpointStore Checkpoints { get; }

    /// <summary>Gets the delivery ledger (what was delivered, with a content hash per key).</summary>
    IDeliveryLedger Ledger { get; }

    /// <summary>Gets the outbox that buffers records while a sink is unavailable.</summary>
    IOutboxStore Outbox { get; }

    /// <summary>Gets the dead letters: records that failed permanently, with the reason.</summary>
    IDeadLetterStore DeadLetters { get; }

    /// <summary>Gets the version history of customer tags pushed to each target, for backup and rollback.</summary>
    ITagHistoryStore TagHistory { get; }

    /// <summary>Gets the append-only audit log.</summary>
    IAuditLogStore AuditLog { get; }

    /// <summary>Creates the schema, or migrates it to the current version. Safe to call more than once and from several instances.</summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task that completes when the store is ready.</returns>
    ValueTask InitializeAsync(CancellationToken cancellationToken = default);

    /// <summary>Applies every change of <paramref name="commit"/> in one transaction.</summary>
    /// <param name="commit">The changes.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task that completes when the changes are durable.</returns>
    ValueTask CommitAsync(StateCommit commit, CancellationToken cancellationToken = default);
}
