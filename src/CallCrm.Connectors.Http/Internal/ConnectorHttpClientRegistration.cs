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

    public RateLimitPolicy? RateLimitPolicy { get; set; }
}
