namespace CallCrm.Connectors.Sync.Health;

/// <summary>The state of a sink's circuit breaker.</summary>
public enum CircuitStatus
{
    /// <summary>Writes flow normally.</summary>
    Closed = 0,

    /// <summary>The sink failed too often; writes go to the outbox until the break ends.</summary>
    Open = 1,

    /// <summary>A trial write is deciding whether to close the circuit again.</summary>
    HalfOpen = 2,

    /// <summary>The circuit was opened by hand.</summary>
    Isolated = 3,
}
