using System.Net;
using System.Text.Json.Nodes;
using CallCrm.Connectors.Model;
using CallCrm.Connectors.Providers;
using CallCrm.Connectors.Security.Redaction;
using CallCrm.Connectors.Testing;
using CallCrm.Connectors.VendorSimulator;
using CallCrm.Connectors.VendorSimulator.Faults;
using CallCrm.Connectors.Webhooks.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CallCrm.Connectors.Webhooks.Tests.Conformance;

/// <summary>The SDK's call-system-sink conformance kit, run against the sink pushing to the VendorSimulator's receiver.</summary>
public sealed class WebhookCallSystemSinkConformanceTests : CallSystemSinkConformanceTests
{
    protected override async ValueTask<RecordSinkHarness<CustomerTagUpdate>> CreateHarnessAsync(CancellationToken cancellationToken) =>
        await SimulatorHarness.StartAsync(cancellationToken);

    private sealed class SimulatorHarness : CallSystemSinkHarness
    {
        private readonly VendorSimulatorHost simulator;
        private readonly FakeTimeProvider clock;
        private readonly HttpClient http;
        private readonly List<ServiceProvider> providers = [];
        private bool rejectCredentials;

        private SimulatorHarness(VendorSimulatorHost simulator, FakeTimeProvider clock)
        {
            this.simulator = simulator;
            this.clock = clock;
            http = new HttpClient { BaseAddress = simulator.BaseAddress };
        }

        public static async Task<SimulatorHarness> StartAsync(CancellationToken cancellationToken)
        {
            var clock = SinkHost.NewClock();
            var simulator = await VendorSimulatorHost.StartAsync(new SimulatorOptions { Port = 0, Calls = 0, Contacts = 0, TimeProvider = clock }, cancellationToken);
            return new SimulatorHarness(simulator, clock);
        }

        // The sink pushes each update of a batch as its own request, so a larger batch is only more requests.
        public override OversizedBatchHandling OversizedBatches => OversizedBatchHandling.Accepts;

        public override ValueTask<IRecordSink<CustomerTagUpdate>> CreateSinkAsync(CancellationToken cancellationToken = default)
        {
            // Refused credentials are a wrong secret given to the next sink, as the kit allows.
            var secret = rejectCredentials ? "a-secret-the-call-system-does-not-know" : simulator.Options.CallSystemWebhookSecret;
            var provider = SinkHost.Build(new Uri(simulator.BaseAddress, "callsystem/tags"), clock, o => o.Secret = new Secret(secret));
            providers.Add(provider);
            return ValueTask.FromResult<IRecordSink<CustomerTagUpdate>>(provider.Sink());
        }

        // A tag without a name, which the receiver refuses (400): the sink fails it before sending, as INVALID_RECORD.
        public override ValueTask<CustomerTagUpdate> PrepareRejectedRecordAsync(CustomerTagUpdate record, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(record with { Tags = [.. record.Tags, new CustomerTag(" ")] });

        public override async ValueTask<IReadOnlyList<CustomerTag>?> GetTagsAsync(string customerId, CancellationToken cancellationToken = default)
        {
            using var response = await http.GetAsync(new Uri("callsystem/tags/" + Uri.EscapeDataString(customerId), UriKind.Relative), cancellationToken);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return null;
            }

            response.EnsureSuccessStatusCode();
            var held = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken))!["tags"]!.AsArray();
            return [.. held.Select(t => new CustomerTag(t!["name"]!.GetValue<string>(), t["value"]?.GetValue<string>()))];
        }

        public override ValueTask SetFaultAsync(BackendFault fault, CancellationToken cancellationToken = default)
        {
            rejectCredentials = fault == BackendFault.CredentialsRejected;
            simulator.ConfigureFaults(f => f with
            {
                CallSystem = fault switch
                {
                    BackendFault.ServiceUnavailable => new VendorFaults { Outage = true, OutageMode = OutageMode.ServiceUnavailable },
                    BackendFault.Unreachable => new VendorFaults { Outage = true, OutageMode = OutageMode.DropConnection },
                    _ => new VendorFaults(),
                },
            });
            return ValueTask.CompletedTask;
        }

        protected override async ValueTask DisposeAsyncCore()
        {
            foreach (var provider in providers)
            {
                await provider.DisposeAsync();
            }

            http.Dispose();
            await simulator.DisposeAsync();
            await base.DisposeAsyncCore();
        }
    }
}
