using System;
using System.Collections.Generic;

namespace CallCrm.Connectors.Sync.Resilience;

/// <summary>The resilience pipeline wrapped around every write to a sink, outermost first: retry of the whole batch with backoff,
/// a circuit breaker, and an attempt timeout that must be longer than the sink's own request budget
/// (<see cref="CallCrm.Connectors.Providers.SinkCapabilities.RequestTimeout"/>).</summary>
/// <remarks>Replace the whole pipeline by registering one under <see cref="SinkResiliencePipelines.KeyFor"/> in Polly's registry.</remarks>
public sealed class SinkResilienceOptions
{
    /// <summary>Gets or sets how long one write attempt (one call of the sink with a batch, every request it makes included) may take.</summary>
    /// <remarks>It must be longer than the sink's <see cref="CallCrm.Connectors.Providers.SinkCapabilities.RequestTimeout"/>
    /// (for HubSpot, its HTTP client's <c>TotalRequestTimeout</c>, 60 seconds by default); the stream is refused at creation otherwise.</remarks>
    /// <value>The default value is 3 minutes.</value>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>Gets or sets how many times a transient failure of a batch is retried before the records go to the outbox.</summary>
    /// <value>The default value is 2 (at most 3 write attempts per batch).</value>
    public int MaxRetryAttempts { get; set; } = 2;

    /// <summary>Gets or sets the first retry delay; later ones grow exponentially, with jitter. A vendor's Retry-After wins over it.</summary>
    /// <value>The default value is 1 second.</value>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets or sets the longest retry delay, Retry-After included. A vendor that asks for a longer wait gets no
    /// retry: the records go to the outbox at once, with the vendor's Retry-After recorded.</summary>
    /// <value>The default value is 2 minutes.</value>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Gets or sets whether retry delays are randomised so that many clients do not retry in step.</summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool UseJitter { get; set; } = true;

    /// <summary>Gets or sets the share of failed attempts, within <see cref="BreakerSamplingDuration"/>, that opens the circuit.</summary>
    /// <value>The default value is 0.5.</value>
    public double BreakerFailureRatio { get; set; } = 0.5;

    /// <summary>Gets or sets how many attempts must be seen in a sampling window before the circuit may open.</summary>
    /// <value>The default value is 10.</value>
    public int BreakerMinimumThroughput { get; set; } = 10;

    /// <summary>Gets or sets the window over which failures are counted.</summary>
    /// <value>The default value is 30 seconds.</value>
    public TimeSpan BreakerSamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets how long the circuit stays open before one trial write is let through.</summary>
    /// <value>The default value is 30 seconds.</value>
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(30);

    internal void Validate(List<string> errors)
    {
        // Polly's own limits: a breaker needs a window of at least half a second and a throughput of at least two.
        if (AttemptTimeout <= TimeSpan.Zero)
        {
            errors.Add(ValidationText.Format("Setting.Positive", nameof(AttemptTimeout)));
        }

        if (MaxRetryAttempts is < 0 or > 100)
        {
            errors.Add(ValidationText.Get("Resilience.MaxRetryAttempts"));
        }

        if (RetryBaseDelay < TimeSpan.Zero || MaxRetryDelay < TimeSpan.Zero)
        {
            errors.Add(ValidationText.Get("Resilience.RetryDelays"));
        }

        if (BreakerFailureRatio is <= 0 or > 1)
        {
            errors.Add(ValidationText.Get("Resilience.BreakerFailureRatio"));
        }

        if (BreakerMinimumThroughput < 2)
        {
            errors.Add(ValidationText.Get("Resilience.BreakerMinimumThroughput"));
        }

        if (BreakerSamplingDuration < TimeSpan.FromMilliseconds(500))
        {
            errors.Add(ValidationText.Format("Resilience.AtLeastHalfSecond", nameof(BreakerSamplingDuration)));
        }

        if (BreakDuration < TimeSpan.FromMilliseconds(500))
        {
            errors.Add(ValidationText.Format("Resilience.AtLeastHalfSecond", nameof(BreakDuration)));
        }
    }
}
