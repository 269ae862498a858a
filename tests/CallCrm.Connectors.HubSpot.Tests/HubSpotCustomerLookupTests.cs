using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CallCrm.Connectors.HubSpot.Internal;
using CallCrm.Connectors.HubSpot.Tests.Infrastructure;
using CallCrm.Connectors.Model;
using CallCrm.Connectors.Providers;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace CallCrm.Connectors.HubSpot.Tests;

public sealed class HubSpotCustomerLookupTests
{
    private static readonly Instant ThreeMonthsAgo = Instant.FromDateTimeOffset(HubSpotHarness.Anchor).Minus(Duration.FromDays(91));

    [Test]
    public async Task FindByPhoneAsync_KnownNumberInNationalForm_FindsTheContactWithTicketsOfTheLastThreeMonthsOnly()
    {
        await using var harness = await HubSpotHarness.StartAsync();
        var contacts = SeededContact.From(await harness.ContactsAsync());
        // A contact typed as "(305) 555-0100" with tickets both inside and outside the window, if the seed has one.
        SeededContact? chosen = null;
        List<(string Id, Instant Created)> tickets = [];
        foreach (var candidate in contacts.Where(c => c.RawPhone.StartsWith('(') && contacts.Count(o => o.E164 == c.E164) == 1))
        {
            tickets = await TicketsAsync(harness, candidate.Id);
            chosen = candidate;
            if (tickets.Any(t => t.Created >= ThreeMonthsAgo) && tickets.Any(t => t.Created < ThreeMonthsAgo))
            {
                break;
            }
        }

        var result = await harness.RunAsync(async () => await harness.Lookup.FindByPhoneAsync(new CustomerLookupRequest(chosen!.E164, ThreeMonthsAgo)));

        var match = result.Matches.Should().ContainSingle().Subject;
        match.Customer.Id.Should().Be(chosen!.Id);
        match.Customer.PhoneNumbers.Should().Contain(p => p.E164 == chosen.E164);
        match.RecentTickets.Select(t => t.Id).Should().BeEquivalentTo(tickets.Where(t => t.Created >= ThreeMonthsAgo).Select(t => t.Id));
        match.RecentTickets.Select(t => t.CreatedAt).Should().BeInDescendingOrder();
    }

    [Test]
    public async Task FindByPhoneAsync_ContactWithMoreTicketsThanOneAssociationPage_FollowsThePagingAndKeepsTheWindow()
    {
        var log = new RequestLog();
        await using var harness = await StartAsync(log);
        var contact = await UniqueContactAsync(harness);
        var seeded = await TicketsAsync(harness, contact.Id);
        var now = HubSpotHarness.Anchor;

        // 1,200 tickets, one an hour back from now (50 days, inside the window), then 100 older than the window: HubSpot answers
        // 500 associations per contact and a cursor for the rest, in id order, so the old ones come last.
        var recent = harness.Simulator.AddHubSpotTickets(contact.Id, Enumerable.Range(1, 1_200).Select(h => now.AddHours(-h)));
        harness.Simulator.AddHubSpotTickets(contact.Id, Enumerable.Range(100, 100).Select(d => now.AddDays(-d)));
        log.Clear();

        var result = await harness.RunAsync(async () => await harness.Lookup.FindByPhoneAsync(new CustomerLookupRequest(contact.E164, ThreeMonthsAgo)));

        var tickets = result.Matches.Single(m => m.Customer.Id == contact.Id).RecentTickets;
        var expected = recent.Concat(seeded.Where(t => t.Created >= ThreeMonthsAgo).Select(t => t.Id));
        tickets.Select(t => t.Id).Should().BeEquivalentTo(expected);
        tickets.Select(t => t.CreatedAt).Should().BeInDescendingOrder();
        log.Paths.Count(p => p == "/crm/v4/associations/contacts/tickets/batch/read").Should().Be(3, "1,300 or so associations are three pages of 500");
    }

    [Test]
    public async Task FindByPhoneAsync_UnknownNumber_IsNotFound()
    {
        await using var harness = await HubSpotHarness.StartAsync();

        var result = await harness.RunAsync(async () => await harness.Lookup.FindByPhoneAsync(new CustomerLookupRequest("+12125550199", ThreeMonthsAgo)));

        result.IsNewCaller.Should().BeTrue();
    }

    [Test]
    public async Task FindByPhoneAsync_SharedNumber_ReturnsEveryContactMostRecentFirst()
    {
        await using var harness = await HubSpotHarness.StartAsync();
        var shared = SeededContact.From(await harness.ContactsAsync()).GroupBy(c => c.E164).First(g => g.Count() >= 2).ToList();

        var result = await harness.RunAsync(async () => await harness.Lookup.FindByPhoneAsync(new CustomerLookupRequest(shared[0].E164, ThreeMonthsAgo, MaxCandidates: 50)));

        result.Matches.Select(m => m.Customer.Id).Should().Contain(shared.Select(c => c.Id));
        result.Matches.Select(m => m.Customer.ModifiedAt).Should().BeInDescendingOrder();
    }

    [Test]
    public async Task FindByPhoneAsync_ContactWithCalls_ReturnsTheCallsOfTheWindowNewestFirstInTwoRequests()
    {
        var log = new RequestLog();
        await using var harness = await StartAsync(log);
        var contact = await UniqueContactAsync(harness);
        var now = Instant.FromDateTimeOffset(HubSpotHarness.Anchor);
        var outcomes = await harness.WriteAsync(
            CallAt("CA-30d", contact, now.Minus(Duration.FromDays(30))),
            CallAt("CA-1h", contact, now.Minus(Duration.FromHours(1))) with { Agent = "agent-7" },
            CallAt("CA-120d", contact, now.Minus(Duration.FromDays(120))),
            CallAt("CA-2d", contact, now.Minus(Duration.FromDays(2))) with { Direction = CallDirection.Outbound, From = HubSpotHarness.Phone(OwnNumber), To = HubSpotHarness.Phone(contact.E164) });
        outcomes.Should().OnlyContain(o => o.Kind == RecordOutcomeKind.Written);
        log.Clear();

        var result = await harness.RunAsync(async () => await harness.Lookup.FindByPhoneAsync(new CustomerLookupRequest(contact.E164, ThreeMonthsAgo)));

        var calls = result.Matches.Single(m => m.Customer.Id == contact.Id).RecentCalls;
        calls.Select(c => c.SourceId).Should().Equal("CA-1h", "CA-2d", "CA-30d");
        calls.Should().OnlyContain(c => c.SourceSystem == "twilio" && c.CustomerReference == contact.Id && c.Status == CallStatus.Completed && c.IsFinal);
        var latest = calls[0];
        latest.StartedAt.Should().Be(now.Minus(Duration.FromHours(1)));
        latest.Direction.Should().Be(CallDirection.Inbound);
        latest.From.E164.Should().Be(contact.E164);
        latest.Duration.Should().Be(Duration.FromSeconds(95));
        latest.Disposition.Should().Be("Resolved");
        latest.Agent.Should().Be("agent-7");
        latest.Queue.Should().Be("Support");
        latest.RecordingUrl.Should().Be(new Uri("https://recordings.example.invalid/CA-1h.mp3"));
        calls[1].Direction.Should().Be(CallDirection.Outbound);
        log.Paths.Should().ContainSingle(p => p == "/crm/v4/associations/contacts/calls/batch/read");
        log.Paths.Should().ContainSingle(p => p == "/crm/v3/objects/calls/batch/read");
        log.Paths.Should().NotContain("/crm/v3/objects/calls/search", "association reads do not count against the search limit");
    }

    [Test]
    public async Task FindByPhoneAsync_MoreCallsThanTheLimit_ReturnsOnlyTheLatest()
    {
        await using var harness = await StartAsync(configure: o => o.RecentCallsLimit = 2);
        var contact = await UniqueContactAsync(harness);
        var now = Instant.FromDateTimeOffset(HubSpotHarness.Anchor);
        await harness.WriteAsync(Enumerable.Range(1, 5).Select(d => CallAt("CA-" + d, contact, now.Minus(Duration.FromDays(d)))).ToArray());

        var result = await harness.RunAsync(async () => await harness.Lookup.FindByPhoneAsync(new CustomerLookupRequest(contact.E164, ThreeMonthsAgo)));

        result.Matches.Single(m => m.Customer.Id == contact.Id).RecentCalls.Select(c => c.SourceId).Should().Equal("CA-1", "CA-2");
    }

    [Test]
    public async Task FindByPhoneAsync_ContactWithoutCalls_HasAnEmptyCallList()
    {
        await using var harness = await StartAsync();
        var contact = await UniqueContactAsync(harness);

        var result = await harness.RunAsync(async () => await harness.Lookup.FindByPhoneAsync(new CustomerLookupRequest(contact.E164, ThreeMonthsAgo)));

        result.Matches.Single(m => m.Customer.Id == contact.Id).RecentCalls.Should().BeEmpty();
    }

    [Test]
    public async Task FindByPhoneAsync_RecentCallsLimitZero_ReadsNoCalls()
    {
        var log = new RequestLog();
        await using var harness = await StartAsync(log, o => o.RecentCallsLimit = 0);
        var contact = await UniqueContactAsync(harness);
        await harness.WriteAsync(CallAt("CA-1", contact, Instant.FromDateTimeOffset(HubSpotHarness.Anchor).Minus(Duration.FromDays(1))));
        log.Clear();

        var result = await harness.RunAsync(async () => await harness.Lookup.FindByPhoneAsync(new CustomerLookupRequest(contact.E164, ThreeMonthsAgo)));

        result.Matches.Single(m => m.Customer.Id == contact.Id).RecentCalls.Should().BeEmpty();
        log.Paths.Should().NotContain(p => p.Contains("calls", StringComparison.Ordinal));
    }

    [Test]
    public async Task FindByPhoneAsync_ContactWithMoreCallsThanOneBatchRead_SearchesItsLatestCallsInstead()
    {
        var log = new RequestLog();
        await using var harness = await StartAsync(log, o => o.RecentCallsLimit = 3);
        var contact = await UniqueContactAsync(harness);
        var now = HubSpotHarness.Anchor;
        // 150 engagements logged straight into HubSpot (not by the sink: no source call id), one a day back from today,
        // created oldest first except the newest three, created newest first: engagement ids do not follow call time.
        var days = Enumerable.Range(0, 150).Select(d => 149 - d).ToList();
        days.Reverse(days.Count - 3, 3);
        await harness.LogCallsAsync(contact.Id, days.Select(d => new JsonObject
        {
            ["hs_timestamp"] = HubSpotValues.Format(Instant.FromDateTimeOffset(now.AddDays(-d).AddMinutes(-5))),
            ["hs_call_direction"] = "INBOUND",
            ["hs_call_status"] = "NO_ANSWER",
            ["hs_call_title"] = "Day " + d.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }));
        log.Clear();

        var result = await harness.RunAsync(async () => await harness.Lookup.FindByPhoneAsync(new CustomerLookupRequest(contact.E164, ThreeMonthsAgo)));

        var calls = result.Matches.Single(m => m.Customer.Id == contact.Id).RecentCalls;
        calls.Select(c => c.StartedAt).Should().Equal(Enumerable.Range(0, 3).Select(d => Instant.FromDateTimeOffset(now.AddDays(-d).AddMinutes(-5))));
        calls.Should().OnlyContain(c => c.SourceSystem == "hubspot" && c.Status == CallStatus.NoAnswer && c.Queue == null);
        calls.Select(c => c.SourceId).Should().Equal(calls.Select(c => c.CustomFields["hs_object_id"]));
        log.Paths.Should().ContainSingle(p => p == "/crm/v3/objects/calls/search");
        log.Paths.Should().NotContain("/crm/v3/objects/calls/batch/read");
    }

    private const string OwnNumber = "+14155550100";

    private static Task<HubSpotHarness> StartAsync(RequestLog? log = null, Action<HubSpotOptions>? configure = null) =>
        HubSpotHarness.StartAsync(
            configure: o =>
            {
                o.OwnNumbers.Add(OwnNumber);
                configure?.Invoke(o);
            },
            http: log is null ? null : h => h.Builder.HttpClientBuilder.AddHttpMessageHandler(() => log));

    /// <summary>A contact typed in national form whose number no other contact's <c>phone</c> holds.</summary>
    private static async Task<SeededContact> UniqueContactAsync(HubSpotHarness harness)
    {
        var contacts = SeededContact.From(await harness.ContactsAsync());
        return contacts.First(c => c.RawPhone.StartsWith('(') && contacts.Count(o => o.E164 == c.E164) == 1);
    }

    private static CallRecord CallAt(string id, SeededContact contact, Instant startedAt) =>
        HubSpotHarness.Call(id, CallDirection.Inbound, contact.E164, OwnNumber) with { StartedAt = startedAt };

    private static async Task<List<(string Id, Instant Created)>> TicketsAsync(HubSpotHarness harness, string contactId)
    {
        var associations = await harness.RunAsync(() => harness.Raw.GetFromJsonAsync<JsonObject>($"crm/v4/objects/contacts/{contactId}/associations/tickets"));
        var list = new List<(string, Instant)>();
        foreach (var id in associations!["results"]!.AsArray().Select(r => r!["toObjectId"]!.ToString()))
        {
            var ticket = await harness.RunAsync(() => harness.Raw.GetFromJsonAsync<JsonObject>($"crm/v3/objects/tickets/{id}?properties=createdate"));
            list.Add((id, HubSpotValues.ParseInstant(ticket!["properties"]!["createdate"]!.GetValue<string>())!.Value));
        }

        return list;
    }
}
