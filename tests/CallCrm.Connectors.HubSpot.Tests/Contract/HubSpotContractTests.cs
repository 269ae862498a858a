using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using CallCrm.Connectors.HubSpot.Tests.Infrastructure;
using CallCrm.Connectors.Model;
using CallCrm.Connectors.Providers;
using Microsoft.Extensions.DependencyInjection;

namespace CallCrm.Connectors.HubSpot.Tests.Contract;

/// <summary>
/// The provider's own requests through a Stoplight Prism proxy validating them against the team-authored HubSpot
/// spec, in front of the simulator. The spec covers contacts search, calls batch create and v4 association batch
/// create; calls batch upsert and batch read, v4 association batch read and tickets batch read are not in it (noted
/// in the README), so those requests are recorded but not judged.
/// </summary>
[NonParallelizable]
public sealed class HubSpotContractTests
{
    private static readonly string[] SpecifiedOperations = ["/crm/v3/objects/contacts/search", "/crm/v3/objects/calls/batch/create", "/crm/v4/associations/calls/contacts/batch/create"];

    [TestCase(HubSpotWriteMode.CreateOnly)]
    [TestCase(HubSpotWriteMode.CreateOrUpdate)]
    [TestCase(HubSpotWriteMode.Upsert)]
    public async Task ProviderRequests_ThroughPrism_HaveNoViolations(HubSpotWriteMode mode)
    {
        var root = Root();
        var prism = Path.Combine(root, ".tools", "prism", "node_modules", ".bin", "prism");
        if (!File.Exists(prism))
        {
            Assert.Fail($"Prism is not installed at {prism}. Run scripts/prism.sh.");
        }

        var spec = Path.Combine(Specs(root), "hubspot", "hubspot-crm-calls-contacts.team-authored.openapi.yaml");
        var port = FreePort();
        var capture = new ViolationCapture();
        Process? process = null;
        await using var harness = await HubSpotHarness.StartAsync(
            configure: o => { o.WriteMode = mode; o.OwnNumbers.Add("+14155550100"); },
            baseAddress: simulator =>
            {
                process = StartPrism(prism, spec, simulator, port);
                return new Uri($"http://127.0.0.1:{port}/");
            },
            http: h => h.Builder.HttpClientBuilder.AddHttpMessageHandler(() => capture));
        try
        {
            await WaitForPrismAsync(port);
            var contacts = SeededContact.From(await harness.ContactsAsync());
            var calls = Enumerable.Range(0, 6).Select(i => HubSpotHarness.Call("CA" + i, CallDirection.Inbound, contacts[i].E164, "+14155550100")).ToArray();

            var outcomes = await harness.WriteAsync(calls);
            await harness.ReadAllAsync(new ReadRequest(null, PageSize: 100), take: 150);

            outcomes.Should().OnlyContain(o => o.Kind == RecordOutcomeKind.Written);
            capture.Paths.Should().Contain("/crm/v3/objects/contacts/search").And.Contain(mode != HubSpotWriteMode.Upsert
                ? "/crm/v3/objects/calls/batch/create"
                : "/crm/v4/associations/calls/contacts/batch/create");
            capture.Violations.Where(v => SpecifiedOperations.Contains(v.Path)).Should().BeEmpty();
        }
        finally
        {
            process?.Kill(entireProcessTree: true);
            process?.Dispose();
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

    private static Process StartPrism(string prism, string spec, Uri upstream, int port)
    {
        var start = new ProcessStartInfo(prism) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "proxy", spec, upstream.ToString().TrimEnd('/'), "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-h", "127.0.0.1", "--errors=false" })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task WaitForPrismAsync(int port)
    {
        for (var attempt = 0; attempt < 900; attempt++)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }

        Assert.Fail("Prism did not start listening within 90 seconds.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
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
