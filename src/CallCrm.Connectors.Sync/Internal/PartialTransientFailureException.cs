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
}
