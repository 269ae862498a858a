using System;

namespace CallCrm.Connectors.Providers;

/// <summary>A vendor's published limits, which the SDK keeps under rather than trips.</summary>
/// <param name="PermitLimit">Requests allowed per <paramref name="Window"/>.</param>
/// <param name="Window">The window the vendor counts requests in.</param>
/// <param name="MaxConcurrentRequests">Requests allowed in flight at once, or <see langword="null"/> when the vendor sets no such limit.</param>
public sealed record RateLimitPolicy(int PermitLimit, TimeSpan Window, int? MaxConcurrentRequests = null)
{
    /// <summary>Gets a separate limit for search endpoints, where the vendor has one (HubSpot: 4 per second).</summary>
    public RateLimitPolicy? Search { get; init; }

    /// <summary>
    /// Gets a shorter window every request is also kept under. It spreads the main window's permits evenly (HubSpot: 190
    /// per 10 seconds, and at most 19 in any second), so that a burst at the start of one window is not repeated at the
    /// start of every later one, and stays under a vendor's per-second figure where it reports one.
    /// </summary>
    public RateLimitPolicy? Secondary { get; init; }

    /// <summary>Gets the requests allowed per day, where the vendor sets a daily budget.</summary>
    public long? DailyBudget { get; init; }

    /// <summary>Gets the allowed steady request rate, per second.</summary>
    public double RequestsPerSecond => PermitLimit / Window.TotalSeconds;
}
