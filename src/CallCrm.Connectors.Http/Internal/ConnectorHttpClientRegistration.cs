using System;
using System.Net.Http;
using CallCrm.Connectors.Providers;

namespace CallCrm.Connectors.Http.Internal;

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

    /// <summary>Gets or sets what sizes the rate limiter, called once, when the limiter is first needed (never at
    /// registration: the policy may come from options configured later).</summary>
    public Func<IServiceProvider, RateLimitPolicy>? RateLimitPolicy { get; set; }
}
