using System;

namespace CallCrm.Connectors.Sync.Internal;

/// <summary>Raised inside the resilience pipeline when some records of a batch failed transiently, so that only they are retried.</summary>
internal sealed class PartialTransientFailureException : Exception
{
    public PartialTransientFailureException()
    {
    }

    public PartialTransientFailureException(string message)
        : base(message)
    {
    }

    public PartialTransientFailureException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public TimeSpan? RetryAfter { get; init; }

    public Errors.ConnectorError? Error { get; init; }

    /// <summary>Gets whether the sink confirmed or refused at least one record of the attempt (so it is reachable), rather than
    /// answering every record with a transient failure.</summary>
    public bool SomeAnswered { get; init; }
}
