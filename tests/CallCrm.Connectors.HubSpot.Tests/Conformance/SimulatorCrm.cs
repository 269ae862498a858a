using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CallCrm.Connectors.Http;
using CallCrm.Connectors.Model;
using CallCrm.Connectors.Security.Redaction;
using CallCrm.Connectors.Testing;
using CallCrm.Connectors.VendorSimulator;
using CallCrm.Connectors.VendorSimulator.Faults;
using Microsoft.Extensions.DependencyInjection;
using NodaTime.Text;

namespace CallCrm.Connectors.HubSpot.Tests.Conformance;

/// <summary>
/// The backend of the HubSpot conformance harnesses: an empty in-process VendorSimulator on 127.0.0.1, the HubSpot
/// providers wired through DI against it (production rate limits and retry policy, shorter backoff), seeding through the
/// simulator's admin endpoint, read-back through HubSpot's own API, and the kit's faults as simulator faults.
/// </summary>
internal sealed class SimulatorCrm : IAsyncDisposable
{
    private readonly VendorSimulatorHost simulator;
    private readonly HttpClient http;
    private readonly List<ServiceProvider> providers = [];
    private bool rejectCredentials;

    private SimulatorCrm(VendorSimulatorHost simulator)
    {
        this.simulator = simulator;
        http = new HttpClient { BaseAddress = simulator.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", SimulatorCredentials.HubSpotAccessToken);
    }

    public static async Task<SimulatorCrm> StartAsync(CancellationToken cancellationToken) =>
        new(await VendorSimulatorHost.StartAsync(new SimulatorOptions { Port = 0, Calls = 0, Contacts = 0 }, cancellationToken));

    /// <summary>Builds the providers against the simulator; refused credentials (the kit sets them first) give a revoked token.</summary>
    public T Create<T>()
        where T : notnull
    {
        var services = new ServiceCollection();
        services.AddHubSpotCrm(o =>
        {
            o.BaseAddress = simulator.BaseAddress;
            o.AccessToken = new Secret(rejectCredentials ? "pat-na1-00000000-0000-0000-0000-000000000000" : SimulatorCredentials.HubSpotAccessToken);
            o.AllowInsecureLoopback = true;
            o.Tier = HubSpotAccountTier.Professional;
            o.SearchRequestsPerSecond = 5;
        });
        // The production policy, with backoff short enough that 5xx and dropped connections fail in well under a second.
        services.Configure<ConnectorHttpClientOptions>(HubSpotOptions.HttpClientName, o =>
        {
            o.Retry.BaseDelay = TimeSpan.FromMilliseconds(10);
            o.Retry.MaxDelay = TimeSpan.FromMilliseconds(50);
        });
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        providers.Add(provider);
        return provider.GetRequiredService<T>();
    }

    /// <summary>Stores customers as contacts, in order.</summary>
    /// <returns>Their HubSpot ids, in the same order.</returns>
    public async ValueTask<IReadOnlyList<string>> SeedAsync(IReadOnlyList<CustomerProfile> customers, CancellationToken cancellationToken)
    {
        var ids = new List<string>(customers.Count);
        foreach (var customer in customers)
        {
            ids.Add(await AddContactAsync(customer, cancellationToken));
        }

        return ids;
    }

    /// <summary>Stores a customer as a contact last modified at its <see cref="CustomerProfile.ModifiedAt"/>.</summary>
    /// <returns>The contact's HubSpot id.</returns>
    public async Task<string> AddContactAsync(CustomerProfile customer, CancellationToken cancellationToken)
    {
        var properties = new JsonObject
        {
            ["firstname"] = customer.FirstName,
            ["lastname"] = customer.LastName,
            ["email"] = customer.Email,
            ["callcrm_tags"] = string.Join(';', customer.Tags.Select(t => t.Value is null ? t.Name : t.Name + "=" + t.Value)),
        };
        foreach (var (number, property) in customer.PhoneNumbers.Zip(["phone", "mobilephone"]))
        {
            properties[property] = number.Raw;
        }

        var body = new JsonObject { ["properties"] = properties };
        if (customer.ModifiedAt is { } modified)
        {
            body["lastModified"] = InstantPattern.ExtendedIso.Format(modified);
        }

        using var response = await http.PostAsJsonAsync(new Uri("_sim/hubspot/contacts", UriKind.Relative), body, cancellationToken);
        response.EnsureSuccessStatusCode();
        return JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken))!["id"]!.GetValue<string>();
    }

    /// <summary>Counts the call engagements holding <paramref name="key"/> in the unique source call id property
    /// (through the simulator's admin endpoint: never faulted nor rate-limited).</summary>
    public async Task<int> CountCallsAsync(string key, CancellationToken cancellationToken)
    {
        var found = await http.GetFromJsonAsync<JsonObject>(new Uri("_sim/hubspot/calls?sourceCallId=" + Uri.EscapeDataString(key), UriKind.Relative), cancellationToken);
        return found!["count"]!.GetValue<int>();
    }

    public ValueTask SetFaultAsync(BackendFault fault)
    {
        rejectCredentials = fault == BackendFault.CredentialsRejected;
        simulator.ConfigureFaults(f => f with
        {
            HubSpot = fault switch
            {
                BackendFault.ServiceUnavailable => new VendorFaults { Outage = true, OutageMode = OutageMode.ServiceUnavailable },
                BackendFault.Unreachable => new VendorFaults { Outage = true, OutageMode = OutageMode.DropConnection },
                _ => new VendorFaults(),
            },
        });
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var provider in providers)
        {
            await provider.DisposeAsync();
        }

        http.Dispose();
        await simulator.DisposeAsync();
    }
}
