using CallCrm.Connectors.Http;
using Microsoft.Extensions.DependencyInjection;

namespace CallCrm.Connectors.Http.Internal;

/// <summary>The builder <c>AddCallCrmHttpClient</c> returns; it carries the registration its extension methods fill in.</summary>
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
