using CallCrm.Connectors.Twilio.Tests.Infrastructure;
using CallCrm.Connectors.VendorSimulator.Tests.Infrastructure;

namespace CallCrm.Connectors.Twilio.Tests.Contract;

/// <summary>Runs the source through a Stoplight Prism proxy that validates every request against Twilio's official
/// OpenAPI (shared/vendor-specs/twilio) and reports problems in the <c>sl-violations</c> header.</summary>
[NonParallelizable]
public sealed class TwilioContractTests
{
    [Test]
    public async Task ReadAsync_ThroughPrism_EveryRequestMatchesTwiliosSpec()
    {
        PrismProxy? prism = null;
        var spec = Path.Combine(RepositoryPaths.VendorSpecs, "twilio", "twilio_api_v2010.calls-recordings.json");
        try
        {
            await using var twilio = await TwilioHarness.StartAsync(calls: 120, front: async upstream =>
            {
                prism = await PrismProxy.StartAsync(spec, upstream);
                return prism.Address;
            });

            var items = await twilio.ReadAllAsync(pageSize: 25);

            items.Should().HaveCount(120, "the source read everything through the proxy");
            var responses = twilio.Requests.Responses.ToList();
            responses.Select(r => r.RequestMessage!.RequestUri!.AbsolutePath).Should()
                .Contain(p => p.EndsWith("/Calls.json", StringComparison.Ordinal)).And.Contain(p => p.EndsWith("/Recordings.json", StringComparison.Ordinal));
            responses.Should().OnlyContain(r => r.IsSuccessStatusCode);
            // Prism did validate: it flags Twilio's relative page URIs in every list answer (a known, tolerated difference).
            responses.SelectMany(PrismProxy.Violations).Should().Contain(v => PrismProxy.Location(v) == "response.body.uri");
            responses.SelectMany(PrismProxy.Violations).Where(v => PrismProxy.Location(v).StartsWith("request", StringComparison.Ordinal))
                .Should().BeEmpty("every request the source sends must match Twilio's spec");
        }
        finally
        {
            if (prism is not null)
            {
                await prism.DisposeAsync();
            }
        }
    }
}
