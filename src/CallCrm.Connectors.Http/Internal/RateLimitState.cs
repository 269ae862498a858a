using System;
using System.Threading.RateLimiting;
using CallCrm.Connectors.Http.RateLimiting;

namespace CallCrm.Connectors.Http.Internal;

/// <summary>The shared state of one client's rate limiting, alive as long as the container.</summary>
internal sealed class RateLimitState : IDisposable
{
    public RateLimitState(VendorRateLimiter limiter, ConcurrencyLimiter? concurrency, ConnectorRateLimitOptions options)
    {
        Limiter = limiter;
        Concurrency = concurrency;
        Options = options;
    }

    public VendorRateLimiter Limiter { get; }

    public ConcurrencyLimiter? Concurrency { get; }

    public ConnectorRateLimitOptions Options { get; }

    public void Dispose()
    {
        Limiter.Dispose();
        Concurrency?.Dispose();
    }
}
