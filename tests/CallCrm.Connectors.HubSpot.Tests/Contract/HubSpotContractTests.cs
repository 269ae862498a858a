using System.Text.Json.Nodes;
using CallCrm.Connectors.HubSpot.Tests.Infrastructure;
using CallCrm.Connectors.Model;
using CallCrm.Connectors.Tests.Shared;
using CallCrm.Connectors.Providers;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace CallCrm.Connectors.HubSpot.Tests.Contract;

/// <summary>
/// The provider's own requests through a Stoplight Prism proxy validating them against the team-authored HubSpot
/// spec, in front of the simulator. The spec covers contacts search, calls search, calls batch create and v4 association
/// batch create; calls batch upsert and batch read, v4 association batch read and tickets batch read are not in it
/// (noted in the README), so those requests are recorded but not judged.
/// </summary>
[NonParallelizable]
public sealed class HubSpotContractTests
{
    private static readonly string[] SpecifiedOperations = ["/crm/v3/objects/contacts/search", "/crm/v3/objects/calls/search", "/crm/v3/objects/calls/batch/create", "/crm/v4/associations/calls/contacts/batch/create"];

    [TestCase(HubSpotWriteMode.CreateOnly)]
    [TestCase(HubSpotWriteMode.CreateOrUpdate)]
    [TestCase(HubSpotWriteMode.Upsert)]
    public async Task ProviderRequests_ThroughPrism_HaveNoViolations(HubSpotWriteMode mode)
    {
        await using var prism = await PrismHarness.StartAsync(o => { o.WriteMode = mode; o.OwnNumbers.Add("+14155550100"); });
        var harness = prism.Harness;
        var contacts = SeededContact.From(await harness.ContactsAsync());
        var calls = Enumerable.Range(0, 6).Select(i => HubSpotHarness.Call("CA" + i, CallDirection.Inbound, contacts[i].E164, "+14155550100")).ToArray();

        var outcomes = await harness.WriteAsync(calls);
        await harness.ReadAllAsync(new ReadRequest(null, PageSize: 100), take: 150);

        outcomes.Should().OnlyContain(o => o.Kind == RecordOutcomeKind.Written);
        prism.Capture.Paths.Should().Contain("/crm/v3/objects/contacts/search").And.Contain(mode != HubSpotWriteMode.Upsert
            ? "/crm/v3/objects/calls/batch/create"
            : "/crm/v4/associations/calls/contacts/batch/create");
        prism.Capture.Violations.Where(v => SpecifiedOperations.Contains(v.Path)).Should().BeEmpty();
    }

    [Test]
    public async Task LookupRequests_ContactWithManyCalls_ThroughPrism_HaveNoViolations()
    {
        await using var prism = await PrismHarness.StartAsync(o => o.RecentCallsLimit = 5);
        var harness = prism.Harness;
        var contacts = SeededContact.From(await harness.ContactsAsync());
        var contact = contacts.First(c => contacts.Count(o => o.E164 == c.E164) == 1);
        // More calls than one batch read holds: the lookup searches the contact's latest calls (the spec covers calls search).
        await harness.LogCallsAsync(contact.Id, Enumerable.Range(0, 101).Select(i => new JsonObject
        {
            ["hs_timestamp"] = HubSpotHarness.Anchor.AddHours(-i).ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
        }));

        var result = await harness.RunAsync(async () => await harness.Lookup.FindByPhoneAsync(new CustomerLookupRequest(contact.E164, Instant.FromDateTimeOffset(HubSpotHarness.Anchor.AddDays(-91)))));

        result.Matches.Single(m => m.Customer.Id == contact.Id).RecentCalls.Should().HaveCount(5);
        prism.Capture.Paths.Should().Contain("/crm/v3/objects/contacts/search").And.Contain("/crm/v3/objects/calls/search");
        prism.Capture.Violations.Where(v => SpecifiedOperations.Contains(v.Path)).Should().BeEmpty();
    }

    /// <summary>The providers over a Prism proxy in front of the simulator, recording paths and violations.</summary>
    private sealed class PrismHarness : IAsyncDisposable
    {
        private readonly PrismProcess process;

        private PrismHarness(HubSpotHarness harness, ViolationCapture capture, PrismProcess process)
        {
            Harness = harness;
            Capture = capture;
            this.process = process;
        }

        public HubSpotHarness Harness { get; }

        public ViolationCapture Capture { get; }

        public static async Task<PrismHarness> StartAsync(Action<HubSpotOptions> configure)
        {
            var root = Root();
            var prism = Path.Combine(root, ".tools", "prism", "node_modules", ".bin", "prism");
            if (!File.Exists(prism))
            {
                Assert.Fail($"Prism is not installed at {prism}. Run scripts/prism.sh.");
            }

            var spec = Path.Combine(Specs(root), "hubspot", "hubspot-crm-calls-contacts.team-authored.openapi.yaml");
            var capture = new ViolationCapture();
            PrismProcess? process = null;
            HubSpotHarness harness;
            try
            {
                harness = await HubSpotHarness.StartAsync(
                    configure: configure,
                    baseAddress: simulator =>
                    {
                        process = PrismProcess.Start(prism, spec, simulator);
                        return process.Address;
                    },
                    http: h => h.Builder.HttpClientBuilder.AddHttpMessageHandler(() => capture));

                // HubSpot's options are read when first used, not at registration: creating the sink reads them, which starts Prism.
                _ = harness.Sink;
            }
            catch
            {
                if (process is not null)
                {
                    await process.DisposeAsync();
                }

                throw;
            }

            var started = new PrismHarness(harness, capture, process!);
            try
            {
                await process!.WaitUntilListeningAsync(TimeSpan.FromSeconds(90));
                return started;
            }
            catch
            {
                await started.DisposeAsync();
                throw;
            }
        }

        public async ValueTask DisposeAsync()
        {
            await process.DisposeAsync();
            await Harness.DisposeAsync();
        }
    }

    private sealed class ViolationCapture : DelegatingHandler
    {
        public List<string> Paths { get; } = [];

        public List<(string Path, string Violation)> Violations { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            var path = request.RequestUri!.AbsolutePath;
            lock (Paths)
            {
                Paths.Add(path);
                if (response.Headers.TryGetValues("sl-violations", out var values))
                {
                    Violations.AddRange(values.SelectMany(v => JsonNode.Parse(v)!.AsArray()).Select(v => (path, v!.ToJsonString())));
                }
            }

            return response;
        }
    }

    private static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CallCrm.Connectors.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("No CallCrm.Connectors.sln above the test binaries.");
    }

    private static string Specs(string root)
    {
        if (Environment.GetEnvironmentVariable("CALLCRM_VENDOR_SPECS") is { Length: > 0 } overridden)
        {
            return overridden;
        }

        for (var dir = Directory.GetParent(root); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "vendor-specs");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new AssertionException("The vendor specs were not found (set CALLCRM_VENDOR_SPECS).");
    }
}
