using System;
using System.Net.Http;
using CallCrm.Connectors.Http;
using CallCrm.Connectors.Http.RateLimiting;
using CallCrm.Connectors.Providers;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>What the builder's extension methods chose for one client; the pipeline is assembled from it when the
/// factory creates the client's handlers.</summary>
internal sealed class ConnectorHttpClientRegistration
{
    public ConnectorHttpClientRegistration(string name)
    {
        Name = name;
    }

    public string Name { get; }

    public Func<IServiceProvider, DelegatingHandler>? Authentication { get; set; }

    public RateLimitPolicy? RateLimitPolicy { get; set; }
}

internal sealed class ConnectorHttpClientBuilder : IConnectorHttpClientBuilder
{
    public ConnectorHttpClientBuilder(string name, IServiceCollection services, IHttpClientBuilder httpClientBuilder, ConnectorHttpClientRegistration registration)
    {
        Name = name;
        Services = services;
        HttpClientBuilder = httpClientBuilder;
        Registration = registration;
    }

    public string Name { get; }

    public IServiceCollection Services { get; }

    public IHttpClientBuilder HttpClientBuilder { get; }

    public ConnectorHttpClientRegistration Registration { get; }
}

/// <summary>The shared state of one client's rate limiting, alive as long as the container.</summary>
internal sealed class RateLimitState : IDisposable
{
    public RateLimitState(VendorRateLimiter limiter, System.Threading.RateLimiting.ConcurrencyLimiter? concurrency, ConnectorRateLimitOptions options)
    {
        Limiter = limiter;
        Concurrency = concurrency;
        Options = options;
    }

    public VendorRateLimiter Limiter { get; }

    public System.Threading.RateLimiting.ConcurrencyLimiter? Concurrency { get; }

    public ConnectorRateLimitOptions Options { get; }

    public void Dispose()
    {
        Limiter.Dispose();
        Concurrency?.Dispose();
    }
}
