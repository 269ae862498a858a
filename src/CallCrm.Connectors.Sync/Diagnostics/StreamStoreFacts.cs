using NodaTime;

namespace CallCrm.Connectors.Sync.Diagnostics;

/// <summary>What a stream last read about itself from the state store, for the engine's gauges.</summary>
/// <param name="OutboxDepth">Records waiting in the outbox.</param>
/// <param name="OldestEnqueuedAt">When the oldest waiting record was buffered, or <see langword="null"/> when none waits.</param>
/// <param name="Watermark">The stored watermark, or <see langword="null"/> for cursor checkpoints and streams never run.</param>
/// <param name="DeadLetters">Dead letters held.</param>
internal sealed record StreamStoreFacts(long OutboxDepth, Instant? OldestEnqueuedAt, Instant? Watermark, long DeadLetters);
