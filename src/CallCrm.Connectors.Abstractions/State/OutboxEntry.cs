using System;
using NodaTime;

namespace CallCrm.Connectors.State;

/// <summary>A message waiting in the outbox.</summary>
/// <param name="Id">The entry's identifier; increases with the order the entries were first enqueued.</param>
/// <param name="Message">The message.</param>
/// <param name="Attempts">How many delivery attempts failed so far.</param>
/// <param name="NextAttemptAt">When the next attempt may be made, after a failure; <see langword="null"/> for now.</param>
/// <param name="LastErrorCode">The error code of the last failed attempt.</param>
public sealed record OutboxEntry(long Id, OutboxMessage Message, int Attempts, Instant? NextAttemptAt, string? LastErrorCode);
