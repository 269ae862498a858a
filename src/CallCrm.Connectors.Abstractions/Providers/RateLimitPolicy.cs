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

    /// <summary>Gets the requests allowed per day, where the vendor sets a daily budget.</summary>
    public long? DailyBudget { get; init; }

    /// <summary>Gets the allowed steady request rate, per second.</summary>
    public double RequestsPerSecond => PermitLimit / Window.TotalSeconds;
}
