using System;
using CallCrm.Connectors.Checkpoints;
using CallCrm.Connectors.Errors;
using NodaTime;

namespace CallCrm.Connectors.Sync.Health;

/// <summary>Health facts of one stream, for health checks and dashboards.</summary>
public sealed record StreamHealth
{
    /// <summary>Gets the stream's name.</summary>
    public required string Stream { get; init; }

    /// <summary>Gets the state of the sink's circuit breaker.</summary>
    public CircuitStatus Circuit { get; init; }

    /// <summary>Gets how many records wait in the outbox.</summary>
    public long OutboxDepth { get; init; }

    /// <summary>Gets how long the oldest outbox record has waited, or <see langword="null"/> when the outbox is empty.</summary>
    public TimeSpan? OutboxAge { get; init; }

    /// <summary>Gets the stored checkpoint.</summary>
    public Checkpoint? Checkpoint { get; init; }

    /// <summary>Gets how far the stored watermark is behind now, or <see langword="null"/> for cursor checkpoints and streams never run.</summary>
    public TimeSpan? CheckpointLag { get; init; }

    /// <summary>Gets when the last run ended, or <see langword="null"/> when none has.</summary>
    public Instant? LastRunEndedAt { get; init; }

    /// <summary>Gets the last error the stream met, or <see langword="null"/> when none since start.</summary>
    public ConnectorError? LastError { get; init; }

    /// <summary>Gets how many dead letters the stream has.</summary>
    public long DeadLetters { get; init; }
}
