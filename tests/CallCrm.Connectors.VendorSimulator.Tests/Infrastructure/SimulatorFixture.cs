using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;

namespace CallCrm.Connectors.VendorSimulator.Tests.Infrastructure;

/// <summary>A simulator on a free 127.0.0.1 port with a fake clock, and HTTP clients authenticated for each vendor.</summary>
internal sealed class SimulatorFixture : IAsyncDisposable
{
    public static readonly DateTimeOffset Anchor = new(2026, 11, 24, 15, 0, 0, TimeSpan.Zero);

    private SimulatorFixture(VendorSimulatorHost host, FakeTimeProvider clock)
    {
        Host = host;
        Clock = clock;
        Http = new HttpClient { BaseAddress = host.BaseAddress };
        Twilio = new HttpClient { BaseAddress = host.BaseAddress };
        Twilio.DefaultRequestHeaders.Authorization = Basic(SimulatorCredentials.TwilioAccountSid, SimulatorCredentials.TwilioAuthToken);
        HubSpot = new HttpClient { BaseAddress = host.BaseAddress };
        HubSpot.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", SimulatorCredentials.HubSpotAccessToken);
    }

    public VendorSimulatorHost Host { get; }

    public FakeTimeProvider Clock { get; }

    /// <summary>No credentials: admin endpoints and auth-failure tests.</summary>
    public HttpClient Http { get; }

    public HttpClient Twilio { get; }

    public HttpClient HubSpot { get; }

    public static string CallsPath => $"2010-04-01/Accounts/{SimulatorCredentials.TwilioAccountSid}/Calls.json";

    /// <summary>
    /// Starts a simulator. Rate limits are lifted unless <paramref name="configure"/> sets them, because the fake
    /// clock never moves on its own and the documented limits would throttle unrelated tests.
    /// </summary>
    public static async Task<SimulatorFixture> StartAsync(Action<SimulatorOptions>? configure = null, int calls = 400, int contacts = 120, int seed = 42)
    {
        var clock = new FakeTimeProvider(Anchor);
        var options = new SimulatorOptions { Calls = calls, Contacts = contacts, Seed = seed, TimeProvider = clock, SeedAnchor = Anchor };
        options.Faults = options.Faults with { HubSpotTenSecondLimit = 1_000_000, HubSpotSearchPerSecond = 1_000_000 };
        configure?.Invoke(options);
        return new SimulatorFixture(await VendorSimulatorHost.StartAsync(options), clock);
    }

    public static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    public static StringContent Json(JsonNode json) => Json(json.ToJsonString());

    public async Task<JsonObject> StateAsync() => await JsonAsync(await Http.GetAsync(new Uri("_sim/state", UriKind.Relative)));

    public static async Task<JsonObject> JsonAsync(HttpResponseMessage response) =>
        (JsonNode.Parse(await response.Content.ReadAsStringAsync()) as JsonObject) ?? throw new AssertionException("The body is not a JSON object.");

    /// <summary>Every call in the account, following <c>next_page_uri</c> to the end.</summary>
    public async Task<List<JsonObject>> AllCallsAsync(string query = "PageSize=1000")
    {
        var calls = new List<JsonObject>();
        string? next = $"/{CallsPath}?{query}";
        while (next is not null)
        {
            using var response = await Twilio.GetAsync(new Uri(next.TrimStart('/'), UriKind.Relative));
            response.EnsureSuccessStatusCode();
            var page = await JsonAsync(response);
            calls.AddRange(page["calls"]!.AsArray().Select(c => c!.AsObject()));
            next = page["next_page_uri"]?.GetValue<string>();
        }

        return calls;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        Twilio.Dispose();
        HubSpot.Dispose();
        await Host.DisposeAsync();
    }
}
