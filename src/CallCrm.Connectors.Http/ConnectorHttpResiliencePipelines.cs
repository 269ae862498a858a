using System;
using System.Net.Http;
using Polly;

namespace CallCrm.Connectors.Http;

/// <summary>The keys under which a connector HTTP client looks for a replacement of its resilience pipeline in Polly's
/// registry, and what the pipeline is given.</summary>
/// <remarks>
/// <para>When the container holds a <see cref="Polly.Registry.ResiliencePipelineProvider{TKey}"/> of <see cref="string"/>
/// (Polly.Extensions' <c>AddResiliencePipeline</c> registers one; a <see cref="Polly.Registry.ResiliencePipelineRegistry{TKey}"/>
/// registered as that type works too) with a <c>ResiliencePipeline&lt;HttpResponseMessage&gt;</c> under
/// <see cref="KeyFor"/>(client name), that pipeline replaces the client's default one (total timeout, retry, attempt
/// timeout) in the same place of the handler chain: outside authentication and rate limiting, inside error translation.</para>
/// <para>A replacement owns every timeout and retry of the client; keep its total within the client's
/// <see cref="ConnectorHttpClientOptions.TotalRequestTimeout"/>, which providers declare to the sync engine as their
/// request budget.</para>
/// </remarks>
public static class ConnectorHttpResiliencePipelines
{
    /// <summary>The prefix of every connector HTTP client's pipeline key.</summary>
    public const string KeyPrefix = "CallCrm.Connectors.Http/";

    /// <summary>Gets the property of the pipeline's <see cref="ResilienceContext"/> that carries the request being
    /// sent, so that a replacement's <c>ShouldHandle</c> can look at its method and
    /// <see cref="ConnectorHttpRequestOptions.IsIdempotent"/>.</summary>
    public static ResiliencePropertyKey<HttpRequestMessage> RequestKey { get; } = new("CallCrm.Connectors.Http.Request");

    /// <summary>Gets the key of the named client's pipeline: <see cref="KeyPrefix"/> followed by the client name.</summary>
    /// <param name="clientName">The client name given to <c>AddConnectorHttpClient</c>.</param>
    /// <returns>The registry key.</returns>
    public static string KeyFor(string clientName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(clientName);
        return KeyPrefix + clientName;
    }
}
