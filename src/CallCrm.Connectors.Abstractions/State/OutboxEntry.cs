using System;
using NodaTime;

namespace CallCrm.Connectors.State;

/// <summary>A message waiting in the outbox.</summary>
/// <param name="Id">The entry's identifier; increases with the order the entries were first enqueued.</param>
/// <param name="Revision">The revision of the entry's message: 1 when first enqueued, raised each time a message for the same key
/// replaces the payload. Completing the entry (<see cref="IOutboxStore.CompleteAsync"/>) names the revision that was delivered.</param>
/// <param name="Message">The message.</param>
/// <param name="Attempts">How many delivery attempts failed so far.</param>
/// <param name="NextAttemptAt">When the next attempt may be made, after a failure; <see langword="null"/> for now.</param>
/// <param name="LastErrorCode">The error code of the last failed attempt.</param>
public sealed record OutboxEntry(long Id, long Revision, OutboxMessage Message, int Attempts, Instant? NextAttemptAt, string? LastErrorCode)
{
    /// <summary>Gets the completion that removes this revision of the entry, and no later one.</summary>
    public OutboxCompletion Completion => new(Id, Revision);
}
