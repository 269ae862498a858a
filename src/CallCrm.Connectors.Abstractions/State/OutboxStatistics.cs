using NodaTime;

namespace CallCrm.Connectors.State;

/// <summary>How much is waiting in the outbox.</summary>
/// <param name="Depth">The number of entries waiting.</param>
/// <param name="OldestEnqueuedAt">When the oldest waiting entry was enqueued, or <see langword="null"/> when the outbox is empty.</param>
public sealed record OutboxStatistics(long Depth, Instant? OldestEnqueuedAt);
