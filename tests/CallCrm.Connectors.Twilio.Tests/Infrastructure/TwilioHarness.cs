using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using CallCrm.Connectors.Checkpoints;
using CallCrm.Connectors.Http;
using CallCrm.Connectors.Http.RateLimiting;
using CallCrm.Connectors.Model;
using CallCrm.Connectors.Providers;
using CallCrm.Connectors.Security.Redaction;
using CallCrm.Connectors.VendorSimulator;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace CallCrm.Connectors.Twilio.Tests.Infrastructure;

/// <summary>The VendorSimulator in-process plus the Twilio source wired through DI against it (or against a proxy in
/// front of it), with every request URI the source sends recorded.</summary>
internal sealed class TwilioHarness : IAsyncDisposable
{
    public static readonly DateTimeOffset Anchor = new(2026, 11, 24, 15, 0, 0, TimeSpan.Zero);

    private TwilioHarness(VendorSimulatorHost simulator, ServiceProvider services, RequestLog requests, HttpClient raw)
    {
        Simulator = simulator;
        Services = services;
        Requests = requests;
        Raw = raw;
    }

    /// <summary>The end of every read window: an hour after the seeded data's anchor.</summary>
    public static Instant Until { get; } = Instant.FromDateTimeOffset(Anchor) + Duration.FromHours(1);

    public VendorSimulatorHost Simulator { get; }

    public ServiceProvider Services { get; }

    public TwilioCallSource Source => Services.GetRequiredService<TwilioCallSource>();

    public RequestLog Requests { get; }

    /// <summary>A plain client of the simulator, authenticated, for its own JSON and its admin endpoints.</summary>
    public HttpClient Raw { get; }

    public static string CallsPath => $"2010-04-01/Accounts/{SimulatorCredentials.TwilioAccountSid}/Calls.json";

    public static async Task<TwilioHarness> StartAsync(int calls = 300, Action<TwilioOptions>? configure = null, Func<Uri, Task<Uri>>? front = null, int seed = 7)
    {
        var simulator = await VendorSimulatorHost.StartAsync(new SimulatorOptions { Port = 0, Calls = calls, Contacts = 40, Seed = seed, SeedAnchor = Anchor });
        var baseAddress = front is null ? simulator.BaseAddress : await front(simulator.BaseAddress);
        var requests = new RequestLog();
        var services = new ServiceCollection();
        services.AddTwilioCallSource(options =>
            {
                options.AccountSid = SimulatorCredentials.TwilioAccountSid;
                options.AuthToken = new Secret(SimulatorCredentials.TwilioAuthToken);
                options.BaseAddress = baseAddress;
                options.AllowInsecureLoopback = true;
                options.InitialLookback = TimeSpan.FromDays(32);
                configure?.Invoke(options);
            })
            .HttpClientBuilder.AddHttpMessageHandler(() => new RecordingHandler(requests));

        // Fast retries so that throttling and fault tests finish in seconds; the policy itself is the production one.
        services.Configure<ConnectorHttpClientOptions>(TwilioCallSource.ProviderName, o =>
        {
            o.Retry.BaseDelay = TimeSpan.FromMilliseconds(20);
            o.Retry.MaxDelay = TimeSpan.FromMilliseconds(200);
            o.Retry.MaxRetryAttempts = 12;
        });
        services.Configure<ConnectorRateLimitOptions>(TwilioCallSource.ProviderName, o => o.DefaultPause = TimeSpan.FromMilliseconds(50));
        var raw = new HttpClient { BaseAddress = simulator.BaseAddress };
        raw.DefaultRequestHeaders.Authorization = Basic(SimulatorCredentials.TwilioAccountSid, SimulatorCredentials.TwilioAuthToken);
        return new TwilioHarness(simulator, services.BuildServiceProvider(validateScopes: true), requests, raw);
    }

    public static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + password)));

    public async Task<List<SourceItem<CallRecord>>> ReadAllAsync(Checkpoint? since = null, int? pageSize = null, Instant? until = null)
    {
        var items = new List<SourceItem<CallRecord>>();
        await foreach (var item in Source.ReadAsync(new ReadRequest(since, until ?? Until, pageSize)))
        {
            items.Add(item);
        }

        return items;
    }

    /// <summary>Every call the simulator holds, as its own JSON, by SID.</summary>
    public async Task<Dictionary<string, JsonObject>> RawCallsAsync()
    {
        var calls = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        string? next = CallsPath + "?PageSize=1000";
        while (next is not null)
        {
            var page = JsonNode.Parse(await Raw.GetStringAsync(new Uri(next.TrimStart('/'), UriKind.Relative)))!.AsObject();
            foreach (var call in page["calls"]!.AsArray())
            {
                calls.Add(call!["sid"]!.GetValue<string>(), call.AsObject());
            }

            next = page["next_page_uri"]?.GetValue<string>();
        }

        return calls;
    }

    public async Task<JsonObject> AdminAsync(string path, object body)
    {
        using var response = await Raw.PostAsJsonAsync(new Uri(path, UriKind.Relative), body);
        response.EnsureSuccessStatusCode();
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
    }

    public async ValueTask DisposeAsync()
    {
        Raw.Dispose();
        await Services.DisposeAsync();
        await Simulator.DisposeAsync();
    }

    /// <summary>The raw request URIs (as sent on the wire) and the responses' headers.</summary>
    internal sealed class RequestLog
    {
        public ConcurrentQueue<string> Uris { get; } = new();

        public ConcurrentQueue<HttpResponseMessage> Responses { get; } = new();
    }

    private sealed class RecordingHandler(RequestLog log) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            log.Uris.Enqueue(request.RequestUri!.AbsoluteUri);
            var response = await base.SendAsync(request, cancellationToken);
            log.Responses.Enqueue(response);
            return response;
        }
    }
}
