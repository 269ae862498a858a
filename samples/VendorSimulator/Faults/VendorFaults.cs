using System;

namespace CallCrm.Connectors.VendorSimulator.Faults;

/// <summary>
/// The faults injected into one vendor's requests. Rates are probabilities in [0, 1] drawn from the simulator's
/// seeded random source, one draw per request, in the order: dropped connection, timeout, error, lost response.
/// </summary>
public sealed record VendorFaults
{
    /// <summary>Gets the probability that a request gets a 500 or 503 (the write, if any, is NOT applied).</summary>
    /// <value>The default value is 0.</value>
    public double ErrorRate { get; init; }

    /// <summary>Gets the latency added to every request before it is handled.</summary>
    /// <value>The default value is 0 milliseconds.</value>
    public int LatencyMs { get; init; }

    /// <summary>Gets the probability that a request hangs until the client gives up (a client-side timeout).</summary>
    /// <value>The default value is 0.</value>
    public double TimeoutRate { get; init; }

    /// <summary>Gets the probability that the connection is aborted before the request is handled.</summary>
    /// <value>The default value is 0.</value>
    public double DropRate { get; init; }

    /// <summary>
    /// Gets the probability that a write (POST, PUT, PATCH, DELETE) IS applied but its response is lost (the
    /// connection is aborted after the handler ran), so the client retries a write that already happened.
    /// </summary>
    /// <value>The default value is 0.</value>
    public double LostResponseRate { get; init; }

    /// <summary>Gets a value indicating whether the vendor is down now, whatever the window says.</summary>
    /// <value>The default value is <see langword="false"/>.</value>
    public bool Outage { get; init; }

    /// <summary>Gets the start of a scheduled outage window (inclusive), on the simulator's clock.</summary>
    /// <value>The default value is <see langword="null"/>: no scheduled window.</value>
    public DateTimeOffset? OutageStart { get; init; }

    /// <summary>Gets the end of a scheduled outage window (exclusive), on the simulator's clock.</summary>
    /// <value>The default value is <see langword="null"/>: an open-ended window once <see cref="OutageStart"/> is set.</value>
    public DateTimeOffset? OutageEnd { get; init; }

    /// <summary>Gets how requests fail during an outage.</summary>
    /// <value>The default value is <see cref="Faults.OutageMode.ServiceUnavailable"/>.</value>
    public OutageMode OutageMode { get; init; }

    /// <summary>Returns whether the vendor is down at <paramref name="now"/>.</summary>
    /// <param name="now">The simulator clock's current instant.</param>
    /// <returns><see langword="true"/> during a forced outage or inside the scheduled window.</returns>
    public bool IsOutageAt(DateTimeOffset now) =>
        Outage || (OutageStart is { } start && now >= start && (OutageEnd is not { } end || now < end));

    internal void Validate(string name)
    {
        CheckRate(ErrorRate, name, nameof(ErrorRate));
        CheckRate(TimeoutRate, name, nameof(TimeoutRate));
        CheckRate(DropRate, name, nameof(DropRate));
        CheckRate(LostResponseRate, name, nameof(LostResponseRate));
        if (LatencyMs < 0)
        {
            throw new ArgumentException($"{name}.{nameof(LatencyMs)} must not be negative.");
        }

        if (OutageStart is { } start && OutageEnd is { } end && end <= start)
        {
            throw new ArgumentException($"{name}.{nameof(OutageEnd)} must be after {nameof(OutageStart)}.");
        }
    }

    private static void CheckRate(double value, string name, string property)
    {
        if (double.IsNaN(value) || value < 0 || value > 1)
        {
            throw new ArgumentException($"{name}.{property} must be between 0 and 1.");
        }
    }
}
