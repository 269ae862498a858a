using System.Collections.Generic;
using CallCrm.Connectors.Checkpoints;

namespace CallCrm.Connectors.State;

/// <summary>Changes to the state store that must be applied together, in one transaction.</summary>
/// <param name="Stream">The stream the changes belong to.</param>
public sealed record StateCommit(string Stream)
{
    /// <summary>Gets the ledger entries to insert or replace.</summary>
    public IReadOnlyList<LedgerEntry> LedgerEntries { get; init; } = [];

    /// <summary>Gets the dead letters to add.</summary>
    public IReadOnlyList<DeadLetterMessage> DeadLetters { get; init; } = [];

    /// <summary>Gets the outbox messages to add.</summary>
    public IReadOnlyList<OutboxMessage> OutboxMessages { get; init; } = [];

    /// <summary>Gets the outbox entries that were delivered or dead-lettered and are to be removed, each only while it still holds the
    /// revision that was settled (see <see cref="IOutboxStore.CompleteAsync"/>).</summary>
    public IReadOnlyList<OutboxCompletion> CompletedOutbox { get; init; } = [];

    /// <summary>Gets the tag versions to append.</summary>
    public IReadOnlyList<TagVersion> TagVersions { get; init; } = [];

    /// <summary>Gets the fencing token of the stream lease the commit is made under (<see cref="IStreamLease.FencingToken"/>), or
    /// <see langword="null"/> for a commit made without a lease (a single instance).</summary>
    /// <remarks>When set, the store checks in the commit's own transaction that it is still the stream's current token, and otherwise
    /// stores nothing and throws a <see cref="Errors.ConnectorException"/> with <see cref="Errors.ConnectorErrorCode.LeaseLost"/>.</remarks>
    public long? FencingToken { get; init; }

    /// <summary>Gets the stream's new checkpoint, or <see langword="null"/> to leave it as it is.</summary>
    public Checkpoint? Checkpoint { get; init; }
}
