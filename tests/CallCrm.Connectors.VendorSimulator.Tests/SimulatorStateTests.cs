using System.Net;
using CallCrm.Connectors.VendorSimulator.Tests.Infrastructure;

namespace CallCrm.Connectors.VendorSimulator.Tests;

public sealed class SimulatorStateTests
{
    [Test]
    public async Task SameSeedAndAnchor_GiveTheSameData_AnotherSeedDoesNot()
    {
        async Task<string> DataAsync(int seed)
        {
            await using var sim = await SimulatorFixture.StartAsync(calls: 200, contacts: 50, seed: seed);
            var calls = await sim.Twilio.GetStringAsync(new Uri(SimulatorFixture.CallsPath + "?PageSize=1000", UriKind.Relative));
            var contacts = await (await sim.HubSpot.PostAsync(new Uri("crm/v3/objects/contacts/search", UriKind.Relative), SimulatorFixture.Json("""{"limit":200,"properties":["phone","mobilephone","callcrm_tags"]}"""))).Content.ReadAsStringAsync();
            return calls.Replace(sim.Host.BaseAddress.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "PORT", StringComparison.Ordinal) + contacts;
        }

        var first = await DataAsync(42);
        var again = await DataAsync(42);
        var other = await DataAsync(43);

        again.Should().Be(first);
        other.Should().NotBe(first);
    }

    [Test]
    public async Task State_CountsConcurrentRequestsExactly_AndExcludesAdminRequests()
    {
        await using var sim = await SimulatorFixture.StartAsync(calls: 50, contacts: 20);

        await Task.WhenAll(Enumerable.Range(0, 64).Select(i => i % 2 == 0
            ? sim.Twilio.GetAsync(new Uri(SimulatorFixture.CallsPath, UriKind.Relative))
            : sim.HubSpot.GetAsync(new Uri("crm/v3/objects/contacts?limit=5", UriKind.Relative))));
        var state = await sim.StateAsync();

        state["requests"]!.GetValue<long>().Should().Be(64);
        state["twilioCalls"]!.GetValue<int>().Should().Be(50);
        state["hubspotContacts"]!.GetValue<int>().Should().Be(20);
        state["hubspotCalls"]!.GetValue<int>().Should().Be(0);
        foreach (var field in new[] { "hubspotDuplicateCalls", "tagsPushed", "throttled" })
        {
            state[field]!.GetValue<long>().Should().Be(0);
        }
    }

    [Test]
    public async Task AddedInProgressCall_IsListedThenCompleted()
    {
        await using var sim = await SimulatorFixture.StartAsync(calls: 10);
        var added = await SimulatorFixture.JsonAsync(await sim.Http.PostAsync(new Uri("_sim/twilio/calls", UriKind.Relative), SimulatorFixture.Json("""{"from":"+13051416799","to":"+14155550100"}""")));
        var sid = added["sid"]!.GetValue<string>();
        sim.Clock.Advance(TimeSpan.FromSeconds(95));

        using var completed = await sim.Http.PostAsync(new Uri($"_sim/twilio/calls/{sid}", UriKind.Relative), SimulatorFixture.Json("""{"status":"completed"}"""));
        var fetched = await SimulatorFixture.JsonAsync(await sim.Twilio.GetAsync(new Uri($"2010-04-01/Accounts/{SimulatorCredentials.TwilioAccountSid}/Calls/{sid}.json", UriKind.Relative)));

        added["status"]!.GetValue<string>().Should().Be("in-progress");
        added["end_time"].Should().BeNull();
        completed.StatusCode.Should().Be(HttpStatusCode.OK);
        fetched["status"]!.GetValue<string>().Should().Be("completed");
        fetched["duration"]!.GetValue<string>().Should().Be("95");
        (await sim.StateAsync())["twilioCalls"]!.GetValue<int>().Should().Be(11);
        (await sim.AllCallsAsync()).First()["sid"]!.GetValue<string>().Should().Be(sid, "the newest call lists first");
    }

    [Test]
    public async Task SetContactTags_ChangesTheTagsAndLastModifiedDate_ResetRestoresSeed()
    {
        await using var sim = await SimulatorFixture.StartAsync(contacts: 10);
        sim.Clock.Advance(TimeSpan.FromHours(1));

        var contact = await SimulatorFixture.JsonAsync(await sim.Http.PostAsync(new Uri("_sim/hubspot/contacts/1001/tags", UriKind.Relative), SimulatorFixture.Json("""{"tags":["vip","lang_de"]}""")));
        contact["properties"]!["callcrm_tags"]!.GetValue<string>().Should().Be("vip;lang_de");
        contact["properties"]!["lastmodifieddate"]!.GetValue<string>().Should().Be("2026-11-24T16:00:00.000Z");

        var reset = await SimulatorFixture.JsonAsync(await sim.Http.PostAsync(new Uri("_sim/reset", UriKind.Relative), null));
        reset["requests"]!.GetValue<long>().Should().Be(0);
        var after = await SimulatorFixture.JsonAsync(await sim.HubSpot.GetAsync(new Uri("crm/v3/objects/contacts/1001?properties=callcrm_tags", UriKind.Relative)));
        after["properties"]!["callcrm_tags"]!.GetValue<string>().Should().NotBe("vip;lang_de");
    }

    [Test]
    public async Task AddContact_AtAChosenTime_IsSearchableByThatTimeAndPhone()
    {
        await using var sim = await SimulatorFixture.StartAsync(contacts: 3);

        using var created = await sim.Http.PostAsync(new Uri("_sim/hubspot/contacts", UriKind.Relative), SimulatorFixture.Json(
            """{"properties":{"firstname":"Ada","phone":"+44 20 7946 0000"},"lastModified":"2026-03-02T08:00:03Z"}"""));
        var contact = await SimulatorFixture.JsonAsync(created);
        var found = await SimulatorFixture.JsonAsync(await sim.HubSpot.PostAsync(new Uri("crm/v3/objects/contacts/search", UriKind.Relative), SimulatorFixture.Json(
            """{"filterGroups":[{"filters":[{"propertyName":"lastmodifieddate","operator":"EQ","value":"2026-03-02T08:00:03.000Z"},{"propertyName":"phone","operator":"EQ","value":"+44 20 7946 0000"}]}],"properties":["firstname"]}""")));

        created.StatusCode.Should().Be(HttpStatusCode.Created);
        contact["id"]!.GetValue<string>().Should().Be("1004", "ids continue after the seeded contacts");
        contact["properties"]!["lastmodifieddate"]!.GetValue<string>().Should().Be("2026-03-02T08:00:03.000Z");
        contact["properties"]!["createdate"]!.GetValue<string>().Should().Be("2026-03-02T08:00:03.000Z");
        found["results"]!.AsArray().Select(r => r!["id"]!.GetValue<string>()).Should().Equal("1004");
        (await sim.StateAsync())["hubspotContacts"]!.GetValue<int>().Should().Be(4);
    }

    [TestCase("""{"properties":{"lastmodifieddate":"2026-03-02T08:00:03Z"}}""")]
    [TestCase("""{"properties":{"phone":42}}""")]
    [TestCase("""{"properties":{},"lastModified":"yesterday"}""")]
    [TestCase("""{"lastModified":"2026-03-02T08:00:03Z"}""")]
    public async Task AddContact_InvalidBody_IsRefusedAndAddsNothing(string body)
    {
        await using var sim = await SimulatorFixture.StartAsync(contacts: 3);

        using var response = await sim.Http.PostAsync(new Uri("_sim/hubspot/contacts", UriKind.Relative), SimulatorFixture.Json(body));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await sim.StateAsync())["hubspotContacts"]!.GetValue<int>().Should().Be(3);
    }

    [Test]
    public async Task FindCalls_BySourceCallId_CountsEveryCopyEvenDuringAnOutage()
    {
        await using var sim = await SimulatorFixture.StartAsync(o => o.HubSpotUniqueSourceCallId = false, calls: 0, contacts: 0);
        const string Call = """{"properties":{"hs_timestamp":"2026-03-02T08:00:00.000Z","callcrm_source_call_id":"twilio:CA1"}}""";
        (await sim.HubSpot.PostAsync(new Uri("crm/v3/objects/calls", UriKind.Relative), SimulatorFixture.Json(Call))).EnsureSuccessStatusCode();
        (await sim.HubSpot.PostAsync(new Uri("crm/v3/objects/calls", UriKind.Relative), SimulatorFixture.Json(Call))).EnsureSuccessStatusCode();
        sim.Host.ConfigureFaults(f => f with { HubSpot = f.HubSpot with { Outage = true } });

        var twice = await SimulatorFixture.JsonAsync(await sim.Http.GetAsync(new Uri("_sim/hubspot/calls?sourceCallId=twilio:CA1", UriKind.Relative)));
        var none = await SimulatorFixture.JsonAsync(await sim.Http.GetAsync(new Uri("_sim/hubspot/calls?sourceCallId=twilio:CA2", UriKind.Relative)));

        twice["count"]!.GetValue<int>().Should().Be(2);
        twice["ids"]!.AsArray().Select(i => i!.GetValue<string>()).Should().Equal("50000001", "50000002");
        none["count"]!.GetValue<int>().Should().Be(0);
    }
}
