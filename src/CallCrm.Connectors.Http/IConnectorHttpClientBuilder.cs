using Microsoft.Extensions.DependencyInjection;

namespace CallCrm.Connectors.Http;

/// <summary>Configures one connector HTTP client further: authentication, rate limit, SOAP. Returned by
/// <c>AddCallCrmHttpClient</c>; the handlers these add always take their fixed place in the pipeline, whatever
/// order they are called in.</summary>
public interface IConnectorHttpClientBuilder
{
    /// <summary>Gets the client name (the name of its options and of its <see cref="System.Net.Http.IHttpClientFactory"/> client).</summary>
    string Name { get; }

    /// <summary>Gets the service collection the client is registered in.</summary>
    IServiceCollection Services { get; }

    /// <summary>Gets the underlying <see cref="IHttpClientBuilder"/>, for anything this builder does not cover. Handlers
    /// added to it run inside the connector pipeline, just before the network.</summary>
    IHttpClientBuilder HttpClientBuilder { get; }
}
