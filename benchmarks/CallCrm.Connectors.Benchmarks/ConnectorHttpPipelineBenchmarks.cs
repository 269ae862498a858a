using System.Net;
using BenchmarkDotNet.Attributes;
using CallCrm.Connectors.Security.Redaction;
using Microsoft.Extensions.DependencyInjection;

namespace CallCrm.Connectors.Benchmarks;

/// <summary>What the connector pipeline (error translation, vendor-host and redirect checks, Polly retry and timeouts,
/// bearer authentication, the transport check) costs per request,
/// against a bare <see cref="HttpClient"/>. Both send to an in-memory handler, so no network time hides the overhead.</summary>
[MemoryDiagnoser]
public class ConnectorHttpPipelineBenchmarks : IDisposable
{
    private static readonly Uri Path = new("crm/v3/objects/calls/42", UriKind.Relative);
    private ServiceProvider services = null!;
    private HttpClient bare = null!;
    private HttpClient connector = null!;

    [GlobalSetup]
    public void Setup()
    {
        bare = new HttpClient(new OkHandler()) { BaseAddress = new Uri("https://api.example.com/") };
        var collection = new ServiceCollection();
        collection.AddCallCrmHttpClient("bench", o => o.BaseAddress = new Uri("https://api.example.com/"))
            .AddBearerToken(o => o.Token = new Secret("benchmark-token"))
            .HttpClientBuilder.ConfigurePrimaryHttpMessageHandler(() => new OkHandler());
        services = collection.BuildServiceProvider();
        connector = services.GetRequiredService<IHttpClientFactory>().CreateClient("bench");
    }

    [GlobalCleanup]
    public void Dispose()
    {
        bare?.Dispose();
        services?.Dispose();
        GC.SuppressFinalize(this);
    }

    [Benchmark(Baseline = true)]
    public async Task<HttpStatusCode> BareHttpClient()
    {
        using var response = await bare.GetAsync(Path).ConfigureAwait(false);
        return response.StatusCode;
    }

    [Benchmark]
    public async Task<HttpStatusCode> ConnectorPipeline()
    {
        using var response = await connector.GetAsync(Path).ConfigureAwait(false);
        return response.StatusCode;
    }

    private sealed class OkHandler : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { RequestMessage = request });
    }
}
