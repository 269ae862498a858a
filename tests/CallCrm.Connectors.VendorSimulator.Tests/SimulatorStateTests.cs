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
}
