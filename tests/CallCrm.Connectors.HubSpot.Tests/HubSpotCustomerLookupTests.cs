using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CallCrm.Connectors.HubSpot.Internal;
using CallCrm.Connectors.HubSpot.Tests.Infrastructure;
using CallCrm.Connectors.Model;
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
