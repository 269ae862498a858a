using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CallCrm.Connectors.HubSpot;
using CallCrm.Connectors.Model;
using CallCrm.Connectors.Normalization;
using CallCrm.Connectors.Providers;
using CallCrm.Connectors.Security.Redaction;
using CallCrm.Connectors.VendorSimulator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using NodaTime;

namespace CallCrm.Connectors.HubSpot.Tests.Infrastructure;

/// <summary>
/// The HubSpot providers wired through DI against an in-process VendorSimulator on 127.0.0.1, both on one
/// <see cref="FakeTimeProvider"/>: rate-limit windows, Retry-After waits and timestamps follow the fake clock, which
/// <see cref="RunAsync{T}"/> moves on while a provider call waits.
/// </summary>
internal sealed class HubSpotHarness : IAsyncDisposable
{
    public static readonly DateTimeOffset Anchor = new(2026, 11, 24, 15, 0, 0, TimeSpan.Zero);

    private HubSpotHarness(VendorSimulatorHost simulator, ServiceProvider services, FakeTimeProvider time, HttpClient raw)
    {
        Simulator = simulator;
        Services = services;
        Time = time;
        Raw = raw;
    }

    public VendorSimulatorHost Simulator { get; }

    public ServiceProvider Services { get; }

    public FakeTimeProvider Time { get; }

    /// <summary>A plain client on the simulator, to read back what the provider wrote.</summary>
    public HttpClient Raw { get; }

    public ICrmSink Sink => Services.GetRequiredService<ICrmSink>();

    public ICustomerSource Source => Services.GetRequiredService<ICustomerSource>();

    public ICustomerLookup Lookup => Services.GetRequiredService<ICustomerLookup>();

    public static async Task<HubSpotHarness> StartAsync(int contacts = 200, Action<HubSpotOptions>? configure = null, Func<Uri, Uri>? baseAddress = null, Action<IConnectorHttpClientBuilderHolder>? http = null)
    {
        var time = new FakeTimeProvider(Anchor);
        var simulator = await VendorSimulatorHost.StartAsync(new SimulatorOptions { Port = 0, Contacts = contacts, Calls = 0, Seed = 7, SeedAnchor = Anchor, TimeProvider = time });
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(time);
        var builder = services.AddHubSpotCrm(o =>
        {
            o.BaseAddress = baseAddress?.Invoke(simulator.BaseAddress) ?? simulator.BaseAddress;
            o.AccessToken = new Secret(SimulatorCredentials.HubSpotAccessToken);
            o.AllowInsecureLoopback = true;
            o.Tier = HubSpotAccountTier.Professional;
            configure?.Invoke(o);
        });
        http?.Invoke(new IConnectorHttpClientBuilderHolder(builder));
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        var raw = new HttpClient { BaseAddress = simulator.BaseAddress };
        raw.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", SimulatorCredentials.HubSpotAccessToken);
        return new HubSpotHarness(simulator, provider, time, raw);
    }

    /// <summary>Runs a provider call, moving the fake clock on while it waits (rate-limit queues, Retry-After pauses).</summary>
    public async Task<T> RunAsync<T>(Func<Task<T>> action)
    {
        var task = action();
        while (!task.IsCompleted)
        {
            await Task.WhenAny(task, Task.Delay(2));
            if (!task.IsCompleted)
            {
                Time.Advance(TimeSpan.FromMilliseconds(100));
            }
        }

        return await task;
    }

    public Task<IReadOnlyList<RecordOutcome>> WriteAsync(params CallRecord[] calls) => RunAsync(async () => await Sink.WriteAsync(calls));

    public Task<List<SourceItem<CustomerChange>>> ReadAllAsync(ReadRequest request, int? take = null) => RunAsync(async () =>
    {
        var items = new List<SourceItem<CustomerChange>>();
        await foreach (var item in Source.ReadAsync(request))
        {
            items.Add(item);
            if (items.Count == take)
            {
                break;
            }
        }

        return items;
    });

    /// <summary>All seeded contacts with their phone properties (through the simulator's list endpoint).</summary>
    public async Task<List<JsonObject>> ContactsAsync()
    {
        var all = new List<JsonObject>();
        string? after = null;
        do
        {
            var page = await RunAsync(() => Raw.GetFromJsonAsync<JsonObject>("crm/v3/objects/contacts?limit=100&properties=phone,mobilephone,lastmodifieddate" + (after is null ? string.Empty : "&after=" + after)));
            all.AddRange(page!["results"]!.AsArray().Select(n => n!.AsObject()));
            after = page["paging"]?["next"]?["after"]?.GetValue<string>();
        }
        while (after is not null);
        return all;
    }

    public async Task<JsonObject> CallAsync(string id) =>
        (await RunAsync(() => Raw.GetFromJsonAsync<JsonObject>($"crm/v3/objects/calls/{id}?properties=hs_timestamp,hs_call_direction,hs_call_duration,hs_call_from_number,hs_call_to_number,hs_call_status,hs_call_body,hs_call_recording_url,hs_call_title,callcrm_source_call_id")))!;

    /// <summary>Logs call engagements straight into HubSpot (as a person or another app would), associated with a contact.</summary>
    public async Task LogCallsAsync(string contactId, IEnumerable<JsonObject> properties)
    {
        foreach (var chunk in properties.Chunk(100))
        {
            var inputs = new JsonArray(chunk.Select(p => (JsonNode)new JsonObject
            {
                ["properties"] = p,
                ["associations"] = new JsonArray(new JsonObject
                {
                    ["to"] = new JsonObject { ["id"] = contactId },
                    ["types"] = new JsonArray(new JsonObject { ["associationCategory"] = "HUBSPOT_DEFINED", ["associationTypeId"] = 194 }),
                }),
            }).ToArray());
            using var response = await RunAsync(() => Raw.PostAsJsonAsync("crm/v3/objects/calls/batch/create", new JsonObject { ["inputs"] = inputs }));
            response.EnsureSuccessStatusCode();
        }
    }

    public async Task<List<string>> CallContactsAsync(string callId)
    {
        var body = await RunAsync(() => Raw.GetFromJsonAsync<JsonObject>($"crm/v4/objects/calls/{callId}/associations/contacts"));
        return body!["results"]!.AsArray().Select(r => r!["toObjectId"]!.ToString()).ToList();
    }

    public static readonly PhoneNumberNormalizer Normalizer = new(new PhoneNumberNormalizerOptions { DefaultRegion = "US" });

    public static CallRecord Call(string id, CallDirection direction, string from, string to, CallStatus status = CallStatus.Completed) => new()
    {
        SourceSystem = "twilio",
        SourceId = id,
        Direction = direction,
        From = Phone(from),
        To = Phone(to),
        StartedAt = Instant.FromDateTimeOffset(Anchor).Minus(Duration.FromMinutes(30)),
        Duration = Duration.FromSeconds(95),
        Status = status,
        Disposition = "Resolved",
        RecordingUrl = new Uri("https://recordings.example.invalid/" + id + ".mp3"),
        Queue = "Support",
    };

    public static PhoneNumber Phone(string raw) =>
        raw.StartsWith("client:", StringComparison.Ordinal) ? new PhoneNumber(raw) : Normalizer.Normalize(raw, "US").ToPhoneNumber();

    public async ValueTask DisposeAsync()
    {
        Raw.Dispose();
        await Services.DisposeAsync();
        await Simulator.DisposeAsync();
    }
}

/// <summary>Lets a test reach the HTTP client builder the provider registered.</summary>
internal sealed record IConnectorHttpClientBuilderHolder(CallCrm.Connectors.Http.IConnectorHttpClientBuilder Builder);
