using System.Net;
using System.Text.Json.Nodes;
using CallCrm.Connectors.VendorSimulator.Faults;
using CallCrm.Connectors.VendorSimulator.Tests.Infrastructure;

namespace CallCrm.Connectors.VendorSimulator.Tests.Faults;

public sealed class FaultInjectionTests
{
    private static async Task<List<HttpStatusCode>> StatusesAsync(int seed)
    {
        await using var sim = await SimulatorFixture.StartAsync(o => o.Faults = o.Faults with { Twilio = new VendorFaults { ErrorRate = 0.3 } }, calls: 20, seed: seed);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 40; i++)
        {
            using var response = await sim.Twilio.GetAsync(new Uri(SimulatorFixture.CallsPath, UriKind.Relative));
            statuses.Add(response.StatusCode);
        }

        (await sim.StateAsync())["errorsInjected"]!.GetValue<long>().Should().Be(statuses.Count(s => s != HttpStatusCode.OK));
        return statuses;
    }

    [Test]
    public async Task ErrorRate_SameSeed_FailsTheSameRequestsWith500Or503()
    {
        var first = await StatusesAsync(7);
        var again = await StatusesAsync(7);

        again.Should().Equal(first);
        first.Should().Contain(HttpStatusCode.OK).And.Contain(s => s == HttpStatusCode.InternalServerError || s == HttpStatusCode.ServiceUnavailable);
        first.Count(s => s != HttpStatusCode.OK).Should().BeInRange(4, 24);
    }

    [Test]
    public async Task LostResponse_WriteIsAppliedButTheClientSeesAFailure_AndTheRetryConflicts()
    {
        await using var sim = await SimulatorFixture.StartAsync();
        var body = """{"inputs":[{"properties":{"hs_timestamp":"1764000000000","callcrm_source_call_id":"CA-lost"}}]}""";
        await sim.Http.PostAsync(new Uri("_sim/faults", UriKind.Relative), SimulatorFixture.Json("""{"vendor":"hubspot","lostResponseRate":1}"""));

        var lost = async () => await sim.HubSpot.PostAsync(new Uri("crm/v3/objects/calls/batch/create", UriKind.Relative), SimulatorFixture.Json(body));

        await lost.Should().ThrowAsync<HttpRequestException>();
        var state = await sim.StateAsync();
        state["hubspotCalls"]!.GetValue<int>().Should().Be(1, "the write was applied before the response was lost");
        state["lostResponses"]!.GetValue<long>().Should().Be(1);
        await sim.Http.PostAsync(new Uri("_sim/faults", UriKind.Relative), SimulatorFixture.Json("""{"vendor":"hubspot","lostResponseRate":0}"""));
        using var retry = await sim.HubSpot.PostAsync(new Uri("crm/v3/objects/calls/batch/create", UriKind.Relative), SimulatorFixture.Json(body));
        retry.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await sim.StateAsync())["hubspotDuplicateCalls"]!.GetValue<int>().Should().Be(0);
    }

    [Test]
    public async Task HubSpotOutageAfterCalls_TripsAtTheFirstRequestOnceThatManyCallsAreStored_AndSwitchingOffEndsIt()
    {
        await using var sim = await SimulatorFixture.StartAsync();
        (await sim.Http.PostAsync(new Uri("_sim/faults", UriKind.Relative), SimulatorFixture.Json("""{"vendor":"hubspot","hubspotOutageAfterCalls":2}"""))).StatusCode.Should().Be(HttpStatusCode.OK);
        var create = new Uri("crm/v3/objects/calls/batch/create", UriKind.Relative);
        static StringContent Call(string id) => SimulatorFixture.Json($$$"""{"inputs":[{"properties":{"hs_timestamp":"1764000000000","callcrm_source_call_id":"{{{id}}}"}}]}""");

        var first = (await sim.HubSpot.PostAsync(create, Call("CA-1"))).StatusCode;
        var second = (await sim.HubSpot.PostAsync(create, Call("CA-2"))).StatusCode;
        var third = (await sim.HubSpot.PostAsync(create, Call("CA-3"))).StatusCode;
        var read = (await sim.HubSpot.GetAsync(new Uri("crm/v3/objects/calls", UriKind.Relative))).StatusCode;
        var faults = JsonNode.Parse(await sim.Http.GetStringAsync(new Uri("_sim/faults", UriKind.Relative)))!;
        await sim.Http.PostAsync(new Uri("_sim/faults", UriKind.Relative), SimulatorFixture.Json("""{"vendor":"hubspot","outage":false}"""));
        var afterwards = (await sim.HubSpot.PostAsync(create, Call("CA-3"))).StatusCode;

        new[] { first, second }.Should().AllBeEquivalentTo(HttpStatusCode.Created);
        third.Should().Be(HttpStatusCode.ServiceUnavailable, "HubSpot holds 2 calls, so its next request meets the outage");
        read.Should().Be(HttpStatusCode.ServiceUnavailable);
        faults["hubspot"]!["outage"]!.GetValue<bool>().Should().BeTrue();
        faults["hubspotOutageAfterCalls"].Should().BeNull("the trigger is latched into the outage switch");
        afterwards.Should().Be(HttpStatusCode.Created);
        (await sim.StateAsync())["hubspotCalls"]!.GetValue<int>().Should().Be(3);
    }

    [Test]
    public async Task HubSpotUnnamedValidationErrors_RefusesTheBatchWithAMessageThatNamesNoInput_AndSwitchingOffNamesItAgain()
    {
        await using var sim = await SimulatorFixture.StartAsync();
        var create = new Uri("crm/v3/objects/calls/batch/create", UriKind.Relative);
        const string Batch = """{"inputs":[{"properties":{"hs_timestamp":"1764000000000","callcrm_source_call_id":"CA-1"}},{"properties":{"hs_timestamp":"1764000000000","hs_call_duration":"-3000","callcrm_source_call_id":"CA-2"}}]}""";
        (await sim.Http.PostAsync(new Uri("_sim/faults", UriKind.Relative), SimulatorFixture.Json("""{"vendor":"hubspot","hubspotUnnamedValidationErrors":true}"""))).StatusCode.Should().Be(HttpStatusCode.OK);

        using var unnamed = await sim.HubSpot.PostAsync(create, SimulatorFixture.Json(Batch));
        var unnamedBody = await SimulatorFixture.JsonAsync(unnamed);
        var faults = JsonNode.Parse(await sim.Http.GetStringAsync(new Uri("_sim/faults", UriKind.Relative)))!;
        await sim.Http.PostAsync(new Uri("_sim/faults", UriKind.Relative), SimulatorFixture.Json("""{"vendor":"hubspot","hubspotUnnamedValidationErrors":false}"""));
        using var named = await sim.HubSpot.PostAsync(create, SimulatorFixture.Json(Batch));

        unnamed.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        unnamedBody["status"]!.GetValue<string>().Should().Be("error");
        unnamedBody["category"]!.GetValue<string>().Should().Be("VALIDATION_ERROR");
        unnamedBody.Should().NotContainKey("context").And.NotContainKey("errors");
        unnamedBody["message"]!.GetValue<string>().Should().NotContain("hs_call_duration").And.NotContain("-3000").And.NotContain("Property values were not valid");
        faults["hubspotUnnamedValidationErrors"]!.GetValue<bool>().Should().BeTrue();
        named.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await SimulatorFixture.JsonAsync(named))["message"]!.GetValue<string>().Should().Contain("Property values were not valid").And.Contain("hs_call_duration");
        (await sim.StateAsync())["hubspotCalls"]!.GetValue<int>().Should().Be(0, "a refused batch writes nothing");
    }

    [Test]
    public async Task DropRate_AbortsTheConnection()
    {
        await using var sim = await SimulatorFixture.StartAsync(o => o.Faults = o.Faults with { Twilio = new VendorFaults { DropRate = 1 } }, calls: 5);

        var call = async () => await sim.Twilio.GetAsync(new Uri(SimulatorFixture.CallsPath, UriKind.Relative));

        await call.Should().ThrowAsync<HttpRequestException>();
        (await sim.StateAsync())["dropsInjected"]!.GetValue<long>().Should().Be(1);
    }

    [Test]
    public async Task TimeoutRate_HangsUntilTheClientGivesUp()
    {
        await using var sim = await SimulatorFixture.StartAsync(o => o.Faults = o.Faults with { HubSpot = new VendorFaults { TimeoutRate = 1 } });
        using var client = new HttpClient { BaseAddress = sim.Host.BaseAddress, Timeout = TimeSpan.FromMilliseconds(300) };
        client.DefaultRequestHeaders.Authorization = sim.HubSpot.DefaultRequestHeaders.Authorization;

        var call = async () => await client.GetAsync(new Uri("crm/v3/objects/calls", UriKind.Relative));

        // HttpClient reports its own timeout as a TaskCanceledException wrapping a TimeoutException.
        (await call.Should().ThrowAsync<TaskCanceledException>()).WithInnerException<TimeoutException>();
        (await sim.StateAsync())["timeoutsInjected"]!.GetValue<long>().Should().Be(1);
    }

    [Test]
    public async Task OutageWindow_Returns503InsideTheWindowOnlyAndOnlyForThatVendor()
    {
        await using var sim = await SimulatorFixture.StartAsync(calls: 5);
        var start = sim.Clock.GetUtcNow().AddMinutes(1);
        var window = new JsonObject { ["vendor"] = "twilio", ["outageStart"] = start.ToString("O"), ["outageEnd"] = start.AddMinutes(5).ToString("O") };
        (await sim.Http.PostAsync(new Uri("_sim/faults", UriKind.Relative), SimulatorFixture.Json(window))).StatusCode.Should().Be(HttpStatusCode.OK);
        var uri = new Uri(SimulatorFixture.CallsPath, UriKind.Relative);

        var before = (await sim.Twilio.GetAsync(uri)).StatusCode;
        sim.Clock.Advance(TimeSpan.FromMinutes(2));
        using var during = await sim.Twilio.GetAsync(uri);
        var hubSpotDuring = (await sim.HubSpot.GetAsync(new Uri("crm/v3/objects/calls", UriKind.Relative))).StatusCode;
        sim.Clock.Advance(TimeSpan.FromMinutes(5));
        var after = (await sim.Twilio.GetAsync(uri)).StatusCode;

        before.Should().Be(HttpStatusCode.OK);
        during.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        (await SimulatorFixture.JsonAsync(during))["code"]!.GetValue<int>().Should().Be(20503);
        hubSpotDuring.Should().Be(HttpStatusCode.OK);
        after.Should().Be(HttpStatusCode.OK);
        (await sim.StateAsync())["outageRejections"]!.GetValue<long>().Should().Be(1);
    }

    [Test]
    public async Task PostFaults_WithAnOutOfRangeRate_Returns400AndKeepsTheSettings()
    {
        await using var sim = await SimulatorFixture.StartAsync(calls: 5);

        using var response = await sim.Http.PostAsync(new Uri("_sim/faults", UriKind.Relative), SimulatorFixture.Json("""{"errorRate":1.5}"""));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        sim.Host.GetState().ErrorsInjected.Should().Be(0);
        (await sim.Twilio.GetAsync(new Uri(SimulatorFixture.CallsPath, UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.OK);
    }
}
