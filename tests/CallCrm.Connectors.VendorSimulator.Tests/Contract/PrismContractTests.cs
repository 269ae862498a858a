using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using CallCrm.Connectors.VendorSimulator.Tests.Infrastructure;

namespace CallCrm.Connectors.VendorSimulator.Tests.Contract;

/// <summary>
/// Sends representative requests through Prism proxies in front of the simulator and checks the simulator against
/// the vendor specs in shared/vendor-specs: Twilio's official OpenAPI subset and the team-authored HubSpot contract.
/// </summary>
[NonParallelizable]
public sealed class PrismContractTests
{
    /// <summary>
    /// Twilio's spec declares the page URIs <c>format: uri</c>, but Twilio sends (and its own examples show) paths
    /// relative to https://api.twilio.com. The simulator follows the vendor; these, and only these, are tolerated.
    /// </summary>
    private static readonly string[] TwilioRelativeUriFields = ["response.body.first_page_uri", "response.body.next_page_uri", "response.body.previous_page_uri", "response.body.uri"];

    private SimulatorFixture sim = null!;
    private PrismProxy twilio = null!;
    private PrismProxy hubSpot = null!;
    private HttpClient twilioClient = null!;
    private HttpClient hubSpotClient = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        var specs = RepositoryPaths.VendorSpecs;
        sim = await SimulatorFixture.StartAsync(calls: 120, contacts: 60);
        twilio = await PrismProxy.StartAsync(Path.Combine(specs, "twilio", "twilio_api_v2010.calls-recordings.json"), sim.Host.BaseAddress);
        hubSpot = await PrismProxy.StartAsync(Path.Combine(specs, "hubspot", "hubspot-crm-calls-contacts.team-authored.openapi.yaml"), sim.Host.BaseAddress);
        twilioClient = new HttpClient { BaseAddress = twilio.Address };
        twilioClient.DefaultRequestHeaders.Authorization = SimulatorFixture.Basic(SimulatorCredentials.TwilioAccountSid, SimulatorCredentials.TwilioAuthToken);
        hubSpotClient = new HttpClient { BaseAddress = hubSpot.Address };
        hubSpotClient.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", SimulatorCredentials.HubSpotAccessToken);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        twilioClient?.Dispose();
        hubSpotClient?.Dispose();
        if (twilio is not null)
        {
            await twilio.DisposeAsync();
        }

        if (hubSpot is not null)
        {
            await hubSpot.DisposeAsync();
        }

        if (sim is not null)
        {
            await sim.DisposeAsync();
        }
    }

    [Test]
    public async Task TwilioCallsList_FirstAndNextPage_MatchTheSpecApartFromTwiliosRelativePageUris()
    {
        using var first = await twilioClient.GetAsync(new Uri(SimulatorFixture.CallsPath + "?Status=completed&PageSize=5", UriKind.Relative));
        var page = await SimulatorFixture.JsonAsync(first);
        using var next = await twilioClient.GetAsync(new Uri(page["next_page_uri"]!.GetValue<string>().TrimStart('/'), UriKind.Relative));

        first.StatusCode.Should().Be(HttpStatusCode.OK);
        next.StatusCode.Should().Be(HttpStatusCode.OK);
        foreach (var response in new[] { first, next })
        {
            PrismProxy.Violations(response).Where(v => !TwilioRelativeUriFields.Contains(PrismProxy.Location(v)) || v["code"]?.GetValue<string>() != "format")
                .Should().BeEmpty("the request and the response must match Twilio's spec");
        }

        page["calls"]!.AsArray().Should().HaveCount(5);
        page["uri"]!.GetValue<string>().Should().StartWith("/2010-04-01/Accounts/");
    }

    [Test]
    public async Task TwilioFetchCallAndRecordings_MatchTheSpec()
    {
        var list = await SimulatorFixture.JsonAsync(await sim.Twilio.GetAsync(new Uri($"2010-04-01/Accounts/{SimulatorCredentials.TwilioAccountSid}/Recordings.json?PageSize=1", UriKind.Relative)));
        var callSid = list["recordings"]![0]!["call_sid"]!.GetValue<string>();

        using var call = await twilioClient.GetAsync(new Uri($"2010-04-01/Accounts/{SimulatorCredentials.TwilioAccountSid}/Calls/{callSid}.json", UriKind.Relative));
        using var recordings = await twilioClient.GetAsync(new Uri($"2010-04-01/Accounts/{SimulatorCredentials.TwilioAccountSid}/Calls/{callSid}/Recordings.json", UriKind.Relative));

        call.StatusCode.Should().Be(HttpStatusCode.OK);
        PrismProxy.Violations(call).Should().BeEmpty();
        PrismProxy.Violations(recordings).Where(v => !TwilioRelativeUriFields.Contains(PrismProxy.Location(v))).Should().BeEmpty();
    }

    [Test]
    public async Task TwilioAuthError_IsOnlyFlaggedAsAStatusTheSpecDoesNotDeclare()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, SimulatorFixture.CallsPath);
        request.Headers.Authorization = SimulatorFixture.Basic(SimulatorCredentials.TwilioAccountSid, "wrong");

        using var response = await twilioClient.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        // Twilio's spec has no error responses at all (see its SOURCE.md): Prism can only warn that 401 is undeclared.
        PrismProxy.Violations(response).Should().OnlyContain(v => v["severity"]!.GetValue<string>() == "Warning" && v["message"]!.GetValue<string>().Contains("status code", StringComparison.Ordinal));
    }

    [Test]
    public async Task HubSpotCallsBatchCreate_MatchesTheSpec()
    {
        var body = """
            {"inputs":[{"properties":{"hs_timestamp":"2026-11-24T14:05:00.000Z","hs_call_direction":"OUTBOUND","hs_call_duration":"61000",
            "hs_call_from_number":"+14155550100","hs_call_to_number":"+13051416799","hs_call_status":"COMPLETED","hs_call_body":"Contract test",
            "hs_call_recording_url":"https://example.com/r.mp3","callcrm_source_call_id":"CA-contract-1"},
            "associations":[{"to":{"id":"1001"},"types":[{"associationCategory":"HUBSPOT_DEFINED","associationTypeId":194}]}]}]}
            """;

        using var response = await hubSpotClient.PostAsync(new Uri("crm/v3/objects/calls/batch/create", UriKind.Relative), SimulatorFixture.Json(body));
        using var conflict = await hubSpotClient.PostAsync(new Uri("crm/v3/objects/calls/batch/create", UriKind.Relative), SimulatorFixture.Json(body));

        response.StatusCode.Should().Be(HttpStatusCode.Created);
        PrismProxy.Violations(response).Should().BeEmpty();
        conflict.StatusCode.Should().Be(HttpStatusCode.Conflict);
        PrismProxy.Violations(conflict).Where(v => v["severity"]!.GetValue<string>() == "Error").Should().BeEmpty();
    }

    [Test]
    public async Task HubSpotContactSearch_ByPhoneAndModifiedDate_MatchesTheSpec()
    {
        var body = """
            {"filterGroups":[{"filters":[{"propertyName":"phone","operator":"HAS_PROPERTY"}]},
            {"filters":[{"propertyName":"lastmodifieddate","operator":"GTE","value":"1756684800000"},{"propertyName":"mobilephone","operator":"IN","values":["+13051416799"]}]}],
            "sorts":[{"propertyName":"lastmodifieddate","direction":"ASCENDING"}],"properties":["phone","mobilephone","callcrm_tags"],"limit":20,"after":"20"}
            """;

        using var response = await hubSpotClient.PostAsync(new Uri("crm/v3/objects/contacts/search", UriKind.Relative), SimulatorFixture.Json(body));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        PrismProxy.Violations(response).Should().BeEmpty();
    }

    [Test]
    public async Task HubSpotMissingToken_401_MatchesTheSpec()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "crm/v3/objects/contacts/search") { Content = SimulatorFixture.Json("""{"limit":1}""") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "wrong");

        using var client = new HttpClient { BaseAddress = hubSpot.Address };
        using var response = await client.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        PrismProxy.Violations(response).Should().BeEmpty();
    }

    [Test]
    public async Task HubSpot429_MatchesTheSpec()
    {
        sim.Clock.Advance(TimeSpan.FromSeconds(11));
        sim.Host.ConfigureFaults(f => f with { HubSpotTenSecondLimit = 1 });
        try
        {
            using var admitted = await hubSpotClient.GetAsync(new Uri("crm/v3/objects/calls?limit=1", UriKind.Relative));
            using var throttled = await hubSpotClient.GetAsync(new Uri("crm/v3/objects/calls?limit=1", UriKind.Relative));

            admitted.StatusCode.Should().Be(HttpStatusCode.OK);
            throttled.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
            PrismProxy.Violations(admitted).Should().BeEmpty();
            PrismProxy.Violations(throttled).Should().BeEmpty();
            throttled.Headers.RetryAfter.Should().NotBeNull();
        }
        finally
        {
            sim.Host.ConfigureFaults(f => f with { HubSpotTenSecondLimit = 1_000_000 });
        }
    }

    [Test]
    public async Task HubSpotSearchOverTheLimitCap_IsReportedByPrismAndRefusedByTheSimulator()
    {
        // Shows the proxy really validates: a request breaking the spec is flagged, and the simulator refuses it too.
        using var response = await hubSpotClient.PostAsync(new Uri("crm/v3/objects/contacts/search", UriKind.Relative), SimulatorFixture.Json("""{"limit":500}"""));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        PrismProxy.Violations(response).Should().Contain(v => PrismProxy.Location(v).StartsWith("request", StringComparison.Ordinal));
    }
}
