using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using System.Text.Json.Nodes;
using CallCrm.Connectors.HubSpot.Tests.Infrastructure;
using CallCrm.Connectors.Model;
using CallCrm.Connectors.Providers;

namespace CallCrm.Connectors.HubSpot.Tests;

/// <summary>How the sink finds callers' contacts: the local index, its refresh, and the search fallback.</summary>
public sealed class HubSpotContactMatchingTests
{
    private const string OwnNumber = "+14155550100";

    private static async Task<(HubSpotHarness Harness, List<SeededContact> Contacts, RequestCounter Counter)> StartAsync(Action<HubSpotOptions>? configure = null, int contacts = 200)
    {
        var counter = new RequestCounter();
        var harness = await HubSpotHarness.StartAsync(contacts, o =>
        {
            o.OwnNumbers.Add(OwnNumber);
            configure?.Invoke(o);
        }, http: h => h.Builder.HttpClientBuilder.AddHttpMessageHandler(() => counter));
        var seeded = SeededContact.From(await harness.ContactsAsync())
            .GroupBy(c => c.E164).Where(g => g.Count() == 1).Select(g => g.Single()).ToList();
        return (harness, seeded, counter);
    }

    private static CallRecord[] CallsFrom(IEnumerable<SeededContact> contacts, string prefix) =>
        contacts.Select((c, i) => HubSpotHarness.Call(prefix + i, CallDirection.Inbound, c.E164, OwnNumber)).ToArray();

    [Test]
    public async Task WriteAsync_LocalIndex_MatchesEveryCallerAndLaterBatchesCostNoSearch()
    {
        var (harness, contacts, counter) = await StartAsync(o => o.LocalIndexRefreshInterval = TimeSpan.FromHours(1));
        await using var _ = harness;
        var first = CallsFrom(contacts.Take(20), "CA-a");
        var second = CallsFrom(contacts.Skip(20).Take(40), "CA-b");

        var firstOutcomes = await harness.WriteAsync(first);
        var searchesToLoad = counter.Count("/crm/v3/objects/contacts/search");
        var secondOutcomes = await harness.WriteAsync(second);

        firstOutcomes.Concat(secondOutcomes).Should().OnlyContain(o => o.Kind == RecordOutcomeKind.Written);
        counter.Count("/crm/v3/objects/contacts/search").Should().Be(searchesToLoad, "the second batch is matched from the index alone");
        searchesToLoad.Should().BeLessThanOrEqualTo(2, "200 contacts load in one or two search pages");
        counter.Count("/crm/v3/objects/calls/batch/create").Should().Be(2, "one request per batch: associations go inline");
        for (var i = 0; i < second.Length; i += 13)
        {
            (await harness.CallContactsAsync(secondOutcomes[i].TargetId!)).Should().Equal(contacts[20 + i].Id);
        }
    }

    [Test]
    public async Task WriteAsync_ContactAddedAfterTheIndexLoaded_IsMatchedOnceTheRefreshIntervalPassed()
    {
        // An hour: the harness moves the fake clock on while requests wait, which must not reach a refresh by itself.
        var (harness, contacts, _) = await StartAsync(o => o.LocalIndexRefreshInterval = TimeSpan.FromHours(1));
        await using var _ = harness;
        await harness.WriteAsync(CallsFrom(contacts.Take(3), "CA-warm"));
        var added = await AddContactAsync(harness, "+1 (212) 555-0173 ext. 9");

        var before = await harness.WriteAsync(HubSpotHarness.Call("CA-new-1", CallDirection.Inbound, "+12125550173", OwnNumber));
        harness.Time.Advance(TimeSpan.FromMinutes(61));
        var after = await harness.WriteAsync(HubSpotHarness.Call("CA-new-2", CallDirection.Inbound, "+12125550173", OwnNumber));

        (await harness.CallContactsAsync(before[0].TargetId!)).Should().BeEmpty("the index has not read the change yet");
        (await harness.CallContactsAsync(after[0].TargetId!)).Should().Equal(added);
    }

    [Test]
    public async Task WriteAsync_AccountLargerThanLocalIndexMaxContacts_MatchesBySearchingEachBatch()
    {
        var (harness, contacts, counter) = await StartAsync(o => o.LocalIndexMaxContacts = 50);
        await using var _ = harness;
        var calls = CallsFrom(contacts.Take(30), "CA-big");

        var outcomes = await harness.WriteAsync(calls);

        outcomes.Should().OnlyContain(o => o.Kind == RecordOutcomeKind.Written);
        counter.Count("/crm/v3/objects/contacts/search").Should().BeGreaterThan(2, "30 numbers in every written form need several searches");
        (await harness.CallContactsAsync(outcomes[7].TargetId!)).Should().Equal(contacts[7].Id);
    }

    [Test]
    public async Task WriteAsync_SearchPerBatch_MatchesTheSameContactsAsTheIndex()
    {
        var (indexed, contacts, _) = await StartAsync();
        await using var a = indexed;
        var (searched, _, _) = await StartAsync(o => o.ContactMatching = HubSpotContactMatching.SearchPerBatch);
        await using var b = searched;
        var calls = CallsFrom(contacts.Take(25), "CA-same");

        var fromIndex = await indexed.WriteAsync(calls);
        var fromSearch = await searched.WriteAsync(calls);

        for (var i = 0; i < calls.Length; i++)
        {
            (await indexed.CallContactsAsync(fromIndex[i].TargetId!)).Should().Equal(await searched.CallContactsAsync(fromSearch[i].TargetId!));
        }
    }

    [Test]
    public async Task WriteAsync_CallFirstWrittenInProgress_IsUpdatedInPlaceWhenCompleted()
    {
        var (harness, contacts, counter) = await StartAsync();
        await using var _ = harness;
        var ringing = HubSpotHarness.Call("CA-live", CallDirection.Inbound, contacts[0].E164, OwnNumber, CallStatus.InProgress) with { Duration = null };
        var done = HubSpotHarness.Call("CA-live", CallDirection.Inbound, contacts[0].E164, OwnNumber);

        var first = await harness.WriteAsync(ringing);
        var second = await harness.WriteAsync(done);

        second[0].Kind.Should().Be(RecordOutcomeKind.Written);
        second[0].TargetId.Should().Be(first[0].TargetId);
        harness.Simulator.GetState().HubSpotCalls.Should().Be(1);
        (await harness.CallAsync(first[0].TargetId!))["properties"]!["hs_call_status"]!.GetValue<string>().Should().Be("COMPLETED");
        (await harness.CallContactsAsync(first[0].TargetId!)).Should().Equal(contacts[0].Id);
        counter.Count("/crm/v3/objects/calls/batch/update").Should().Be(1);
    }

    private static async Task<string> AddContactAsync(HubSpotHarness harness, string phone)
    {
        var body = new JsonObject { ["properties"] = new JsonObject { ["firstname"] = "Nova", ["phone"] = phone } };
        using var response = await harness.Raw.PostAsJsonAsync("_sim/hubspot/contacts", body);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
    }

    /// <summary>Counts the provider's requests by path, as they leave the client.</summary>
    private sealed class RequestCounter : DelegatingHandler
    {
        private readonly Dictionary<string, int> counts = new(StringComparer.Ordinal);

        public int Count(string path)
        {
            lock (counts)
            {
                return counts.GetValueOrDefault(path);
            }
        }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            lock (counts)
            {
                var path = request.RequestUri!.AbsolutePath;
                counts[path] = counts.GetValueOrDefault(path) + 1;
            }

            return base.SendAsync(request, cancellationToken);
        }
    }
}
