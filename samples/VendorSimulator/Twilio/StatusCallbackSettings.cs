using System;

namespace CallCrm.Connectors.VendorSimulator.Twilio;

/// <summary>Where and how the simulated Twilio account sends call status callbacks: signed form POSTs, as Twilio sends them,
/// for every status change made through <c>POST /_sim/twilio/calls</c> and <c>POST /_sim/twilio/calls/{sid}</c>.</summary>
public sealed record StatusCallbackSettings
{
    /// <summary>Gets the URL callbacks are posted to (and signed over); <see langword="null"/> sends none.</summary>
    public Uri? Url { get; init; }

    /// <summary>Gets the share of delivered callbacks sent a second time (Twilio delivers at least once).</summary>
    public double DuplicateRate { get; init; }

    /// <summary>Gets the share of callbacks held back for <see cref="ReorderDelay"/>, so that later ones of the same call overtake them.</summary>
    public double ReorderRate { get; init; }

    /// <summary>Gets how long a reordered callback is held back.</summary>
    public TimeSpan ReorderDelay { get; init; } = TimeSpan.FromMilliseconds(300);

    /// <summary>Gets how many times a callback is sent at most while the receiver answers other than 2xx (or not at all).</summary>
    public int MaxAttempts { get; init; } = 4;

    /// <summary>Gets the wait before the first retry; it doubles with each further one.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    internal void Validate()
    {
        if (Url is { } url && (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps)))
        {
            throw new ArgumentException("--callback-url must be an absolute http or https URL.", nameof(Url));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(DuplicateRate);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(DuplicateRate, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(ReorderRate);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(ReorderRate, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxAttempts, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(ReorderDelay, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(RetryDelay, TimeSpan.Zero);
    }
}
