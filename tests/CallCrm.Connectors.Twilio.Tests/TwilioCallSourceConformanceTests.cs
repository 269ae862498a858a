using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CallCrm.Connectors.Http;
using CallCrm.Connectors.Http.RateLimiting;
using CallCrm.Connectors.Model;
using CallCrm.Connectors.Providers;
using CallCrm.Connectors.Security.Redaction;
using CallCrm.Connectors.Testing;
using CallCrm.Connectors.Twilio.Tests.Infrastructure;
using CallCrm.Connectors.VendorSimulator;
using CallCrm.Connectors.VendorSimulator.Faults;
using Microsoft.Extensions.DependencyInjection;
using NodaTime.Text;

namespace CallCrm.Connectors.Twilio.Tests;

/// <summary>The SDK's call-source conformance kit, run against the Twilio source over the in-process simulator.</summary>
[TestFixture]
public sealed class TwilioCallSourceConformanceTests : CallSourceConformanceTests
{
    protected override async ValueTask<CallSourceHarness> CreateHarnessAsync(CancellationToken cancellationToken) =>
        await SimulatorHarness.StartAsync(cancellationToken);

    private sealed class SimulatorHarness : CallSourceHarness
    {
        private readonly VendorSimulatorHost simulator;
        private readonly HttpClient admin;
        private readonly List<ServiceProvider> created = [];
        private string authToken = SimulatorCredentials.TwilioAuthToken;

        private SimulatorHarness(VendorSimulatorHost simulator)
        {
            this.simulator = simulator;
            admin = new HttpClient { BaseAddress = simulator.BaseAddress };
        }

        public static async Task<SimulatorHarness> StartAsync(CancellationToken cancellationToken) =>
            new(await VendorSimulatorHost.StartAsync(new SimulatorOptions { Port = 0, Calls = 0, Contacts = 0 }, cancellationToken));

        public override ValueTask<ICallSource> CreateSourceAsync(CancellationToken cancellationToken = default)
        {
            var services = new ServiceCollection();
            services.AddTwilioCallSource(o =>
            {
                o.AccountSid = SimulatorCredentials.TwilioAccountSid;
                o.AuthToken = new Secret(authToken);
                o.BaseAddress = simulator.BaseAddress;
                o.AllowInsecureLoopback = true;
                // The kit's calls are in 2026: reach them from any "now" with few, long slices.
                o.InitialLookback = TimeSpan.FromDays(3650);
                o.SliceDuration = TimeSpan.FromDays(400);
            });
            services.Configure<ConnectorHttpClientOptions>(TwilioCallSource.ProviderName, o =>
            {
                o.Retry.BaseDelay = TimeSpan.FromMilliseconds(10);
                o.Retry.MaxDelay = TimeSpan.FromMilliseconds(50);
            });
            services.Configure<ConnectorRateLimitOptions>(TwilioCallSource.ProviderName, o => o.DefaultPause = TimeSpan.FromMilliseconds(20));
            var provider = services.BuildServiceProvider();
            created.Add(provider);
            return ValueTask.FromResult<ICallSource>(provider.GetRequiredService<TwilioCallSource>());
        }

        public override async ValueTask<IReadOnlyList<string>> SeedAsync(IReadOnlyList<CallRecord> calls, CancellationToken cancellationToken = default)
        {
            var keys = new List<string>(calls.Count);
            foreach (var call in calls)
            {
                var body = new JsonObject
                {
                    ["from"] = call.From.E164 ?? call.From.Raw,
                    ["to"] = call.To.E164 ?? call.To.Raw,
                    ["direction"] = call.Direction == CallDirection.Outbound ? "outbound-api" : "inbound",
                    ["status"] = call.IsFinal ? "completed" : "in-progress",
                    ["startTime"] = InstantPattern.ExtendedIso.Format(call.StartedAt),
                };
                if (call.Duration is { } duration)
                {
                    body["durationSeconds"] = (int)duration.TotalSeconds;
                }

                using var response = await admin.PostAsJsonAsync(new Uri("_sim/twilio/calls", UriKind.Relative), body, cancellationToken);
                response.EnsureSuccessStatusCode();
                var added = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken))!;
                keys.Add("twilio:" + added["sid"]!.GetValue<string>());
            }

            return keys;
        }

        public override ValueTask SetFaultAsync(BackendFault fault, CancellationToken cancellationToken = default)
        {
            authToken = fault == BackendFault.CredentialsRejected ? "revoked-token" : SimulatorCredentials.TwilioAuthToken;
            simulator.ConfigureFaults(f => f with
            {
                Twilio = f.Twilio with
                {
                    Outage = fault is BackendFault.ServiceUnavailable or BackendFault.Unreachable,
                    OutageMode = fault == BackendFault.Unreachable ? OutageMode.DropConnection : OutageMode.ServiceUnavailable,
                },
            });
            return ValueTask.CompletedTask;
        }

        protected override async ValueTask DisposeAsyncCore()
        {
            foreach (var provider in created)
            {
                await provider.DisposeAsync();
            }

            admin.Dispose();
            await simulator.DisposeAsync();
            await base.DisposeAsyncCore();
        }
    }
}
