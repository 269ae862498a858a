using System.Net;
using System.Text.Json.Nodes;
using CallCrm.Connectors.VendorSimulator.Tests.Infrastructure;

namespace CallCrm.Connectors.VendorSimulator.Tests.HubSpot;

public sealed class HubSpotApiTests
{
    private static JsonObject CallInput(string sourceId, string contactId = "1001") => new()
    {
        ["properties"] = new JsonObject
        {
            ["hs_timestamp"] = "2026-11-24T14:05:00Z",
            ["hs_call_direction"] = "INBOUND",
            ["hs_call_duration"] = "95000",
            ["hs_call_from_number"] = "+13051416799",
            ["hs_call_to_number"] = "+14155550100",
            ["hs_call_status"] = "COMPLETED",
            ["hs_call_body"] = "Seeded by a test",
            ["callcrm_source_call_id"] = sourceId,
        },
        ["associations"] = new JsonArray(new JsonObject
        {
            ["to"] = new JsonObject { ["id"] = contactId },
            ["types"] = new JsonArray(new JsonObject { ["associationCategory"] = "HUBSPOT_DEFINED", ["associationTypeId"] = 194 }),
        }),
    };

    private static Task<HttpResponseMessage> PostAsync(SimulatorFixture sim, string path, JsonNode body) =>
        sim.HubSpot.PostAsync(new Uri(path, UriKind.Relative), SimulatorFixture.Json(body));

    private static JsonObject Search(string property, string op, string value, int limit = 200, string? after = null)
    {
        var body = new JsonObject
        {
            ["filterGroups"] = new JsonArray(new JsonObject { ["filters"] = new JsonArray(new JsonObject { ["propertyName"] = property, ["operator"] = op, ["value"] = value }) }),
            ["properties"] = new JsonArray("phone", "mobilephone", "callcrm_tags", "lastmodifieddate"),
            ["limit"] = limit,
        };
        if (after is not null)
        {
            body["after"] = after;
        }

        return body;
    }

    [Test]
    public async Task BatchCreate_StoresCallsWithAssociationsAndEchoesProperties()
    {
        await using var sim = await SimulatorFixture.StartAsync();

        using var response = await PostAsync(sim, "crm/v3/objects/calls/batch/create", new JsonObject { ["inputs"] = new JsonArray(CallInput("CA01"), CallInput("CA02")) });
        var body = await SimulatorFixture.JsonAsync(response);

        response.StatusCode.Should().Be(HttpStatusCode.Created);
        body["status"]!.GetValue<string>().Should().Be("COMPLETE");
        var first = body["results"]!.AsArray()[0]!;
        first["properties"]!["hs_timestamp"]!.GetValue<string>().Should().Be("2026-11-24T14:05:00.000Z");
        first["properties"]!["callcrm_source_call_id"]!.GetValue<string>().Should().Be("CA01");
        var associations = await SimulatorFixture.JsonAsync(await sim.HubSpot.GetAsync(new Uri("crm/v4/objects/contacts/1001/associations/calls", UriKind.Relative)));
        associations["results"]!.AsArray().Should().HaveCount(2);
        associations["results"]!.AsArray()[0]!["associationTypes"]![0]!["typeId"]!.GetValue<int>().Should().Be(193);
        (await sim.StateAsync())["hubspotCalls"]!.GetValue<int>().Should().Be(2);
    }

    [Test]
    public async Task BatchArchiveAssociations_RemovesThePairInBothDirections_AndAgainChangesNothing()
    {
        await using var sim = await SimulatorFixture.StartAsync();
        using var created = await PostAsync(sim, "crm/v3/objects/calls/batch/create", new JsonObject { ["inputs"] = new JsonArray(CallInput("CA01")) });
        var callId = (await SimulatorFixture.JsonAsync(created))["results"]![0]!["id"]!.GetValue<string>();
        var archive = new JsonObject { ["inputs"] = new JsonArray(new JsonObject { ["from"] = new JsonObject { ["id"] = callId }, ["to"] = new JsonArray(new JsonObject { ["id"] = "1001" }) }) };

        using var first = await PostAsync(sim, "crm/v4/associations/calls/contacts/batch/archive", archive.DeepClone());
        using var again = await PostAsync(sim, "crm/v4/associations/calls/contacts/batch/archive", archive.DeepClone());
        using var wrongShape = await PostAsync(sim, "crm/v4/associations/calls/contacts/batch/archive", new JsonObject { ["inputs"] = new JsonArray(new JsonObject { ["from"] = new JsonObject { ["id"] = callId }, ["to"] = new JsonObject { ["id"] = "1001" } }) });

        first.StatusCode.Should().Be(HttpStatusCode.NoContent);
        again.StatusCode.Should().Be(HttpStatusCode.NoContent);
        wrongShape.StatusCode.Should().Be(HttpStatusCode.BadRequest, "v4 archive takes a to array, unlike v3");
        var ofCall = await SimulatorFixture.JsonAsync(await sim.HubSpot.GetAsync(new Uri($"crm/v4/objects/calls/{callId}/associations/contacts", UriKind.Relative)));
        var ofContact = await SimulatorFixture.JsonAsync(await sim.HubSpot.GetAsync(new Uri("crm/v4/objects/contacts/1001/associations/calls", UriKind.Relative)));
        ofCall["results"]!.AsArray().Should().BeEmpty();
        ofContact["results"]!.AsArray().Select(r => r!["toObjectId"]!.ToString()).Should().NotContain(callId);
    }

    [Test]
    public async Task BatchReadAssociations_MoreThan500_PagesThatInputWithAfter()
    {
        await using var sim = await SimulatorFixture.StartAsync();
        for (var batch = 0; batch < 6; batch++)
        {
            var inputs = new JsonArray(Enumerable.Range(0, batch < 5 ? 100 : 1).Select(i => (JsonNode)CallInput($"CA{batch:D2}{i:D3}")).ToArray());
            using var created = await PostAsync(sim, "crm/v3/objects/calls/batch/create", new JsonObject { ["inputs"] = inputs });
            created.StatusCode.Should().Be(HttpStatusCode.Created);
        }

        using var first = await PostAsync(sim, "crm/v4/associations/contacts/calls/batch/read", new JsonObject { ["inputs"] = new JsonArray(new JsonObject { ["id"] = "1001" }, new JsonObject { ["id"] = "1002" }) });
        var firstPage = (await SimulatorFixture.JsonAsync(first))["results"]!.AsArray();
        var paged = firstPage.Single(r => r!["from"]!["id"]!.GetValue<string>() == "1001")!;
        paged["to"]!.AsArray().Should().HaveCount(500);
        firstPage.Single(r => r!["from"]!["id"]!.GetValue<string>() == "1002")!["paging"].Should().BeNull();
        var after = paged["paging"]!["next"]!["after"]!.GetValue<string>();
        using var second = await PostAsync(sim, "crm/v4/associations/contacts/calls/batch/read", new JsonObject { ["inputs"] = new JsonArray(new JsonObject { ["id"] = "1001", ["after"] = after }) });
        var rest = (await SimulatorFixture.JsonAsync(second))["results"]!.AsArray().Single()!;

        rest["to"]!.AsArray().Should().ContainSingle();
        rest["paging"].Should().BeNull();
        paged["to"]!.AsArray().Concat(rest["to"]!.AsArray()).Select(t => t!["toObjectId"]!.GetValue<long>()).Should().OnlyHaveUniqueItems().And.HaveCount(501);
    }

    [Test]
    public async Task BatchReadAssociations_OverThousandInputs_Returns400()
    {
        await using var sim = await SimulatorFixture.StartAsync();
        var inputs = new JsonArray(Enumerable.Range(0, 1001).Select(i => (JsonNode)new JsonObject { ["id"] = (1001 + i).ToString(System.Globalization.CultureInfo.InvariantCulture) }).ToArray());

        using var response = await PostAsync(sim, "crm/v4/associations/contacts/calls/batch/read", new JsonObject { ["inputs"] = inputs });

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await SimulatorFixture.JsonAsync(response))["category"]!.GetValue<string>().Should().Be("VALIDATION_ERROR");
    }

    [Test]
    public async Task BatchCreate_SourceCallIdAlreadyStored_Returns409ConflictAndStoresNothing()
    {
        await using var sim = await SimulatorFixture.StartAsync();
        (await PostAsync(sim, "crm/v3/objects/calls/batch/create", new JsonObject { ["inputs"] = new JsonArray(CallInput("CA01")) })).StatusCode.Should().Be(HttpStatusCode.Created);

        using var response = await PostAsync(sim, "crm/v3/objects/calls/batch/create", new JsonObject { ["inputs"] = new JsonArray(CallInput("CA02"), CallInput("CA01")) });
        var body = await SimulatorFixture.JsonAsync(response);

        response.StatusCode.Should().Be(HttpStatusCode.Conflict);
        body["category"]!.GetValue<string>().Should().Be("CONFLICT");
        body["message"]!.GetValue<string>().Should().Contain("Existing ID: 50000001");
        body["correlationId"]!.GetValue<string>().Should().NotBeEmpty();
        var state = await sim.StateAsync();
        state["hubspotCalls"]!.GetValue<int>().Should().Be(1, "a batch with a conflict is refused as a whole");
        state["hubspotDuplicateCalls"]!.GetValue<int>().Should().Be(0);
    }

    [Test]
    public async Task BatchCreate_WithoutUniqueProperty_StoresDuplicatesAndCountsThem()
    {
        await using var sim = await SimulatorFixture.StartAsync(o => o.HubSpotUniqueSourceCallId = false);

        await PostAsync(sim, "crm/v3/objects/calls/batch/create", new JsonObject { ["inputs"] = new JsonArray(CallInput("CA01")) });
        await PostAsync(sim, "crm/v3/objects/calls/batch/create", new JsonObject { ["inputs"] = new JsonArray(CallInput("CA01"), CallInput("CA01")) });

        var state = await sim.StateAsync();
        state["hubspotCalls"]!.GetValue<int>().Should().Be(3);
        state["hubspotDuplicateCalls"]!.GetValue<int>().Should().Be(2);
    }

    [Test]
    public async Task BatchUpsert_BySourceCallId_CreatesThenUpdatesTheSameRecord()
    {
        await using var sim = await SimulatorFixture.StartAsync();
        JsonObject Upsert(string status) => new()
        {
            ["inputs"] = new JsonArray(new JsonObject
            {
                ["id"] = "CA77",
                ["idProperty"] = "callcrm_source_call_id",
                ["properties"] = new JsonObject { ["hs_timestamp"] = "1764000000000", ["hs_call_status"] = status },
            }),
        };

        var created = await SimulatorFixture.JsonAsync(await PostAsync(sim, "crm/v3/objects/calls/batch/upsert", Upsert("IN_PROGRESS")));
        var updated = await SimulatorFixture.JsonAsync(await PostAsync(sim, "crm/v3/objects/calls/batch/upsert", Upsert("COMPLETED")));

        created["results"]![0]!["new"]!.GetValue<bool>().Should().BeTrue();
        updated["results"]![0]!["new"]!.GetValue<bool>().Should().BeFalse();
        updated["results"]![0]!["id"]!.GetValue<string>().Should().Be(created["results"]![0]!["id"]!.GetValue<string>());
        updated["results"]![0]!["properties"]!["hs_call_status"]!.GetValue<string>().Should().Be("COMPLETED");
        (await sim.StateAsync())["hubspotCalls"]!.GetValue<int>().Should().Be(1);
    }

    [Test]
    public async Task BatchCreate_InvalidInputs_Return400ValidationErrors()
    {
        await using var sim = await SimulatorFixture.StartAsync();
        var tooMany = new JsonArray(Enumerable.Range(0, 101).Select(i => (JsonNode)CallInput("CA" + i)).ToArray());
        var unknownProperty = CallInput("CA1");
        unknownProperty["properties"]!["hs_call_duraton"] = "1";
        var noTimestamp = CallInput("CA2");
        noTimestamp["properties"]!.AsObject().Remove("hs_timestamp");

        foreach (var inputs in new[] { tooMany, new JsonArray(unknownProperty), new JsonArray(noTimestamp) })
        {
            using var response = await PostAsync(sim, "crm/v3/objects/calls/batch/create", new JsonObject { ["inputs"] = inputs });
            response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
            (await SimulatorFixture.JsonAsync(response))["category"]!.GetValue<string>().Should().Be("VALIDATION_ERROR");
        }

        (await sim.StateAsync())["hubspotCalls"]!.GetValue<int>().Should().Be(0);
    }

    [Test]
    public async Task SearchContacts_ByPhoneEq_FindsEveryContactSharingTheNumber()
    {
        await using var sim = await SimulatorFixture.StartAsync(contacts: 300);
        var all = await SearchAllAsync(sim, Search("phone", "HAS_PROPERTY", string.Empty));
        var shared = all.GroupBy(c => c["properties"]!["phone"]!.GetValue<string>()).First(g => g.Count() > 1);

        var found = await SearchAllAsync(sim, Search("phone", "EQ", shared.Key));

        found.Select(c => c["id"]!.GetValue<string>()).Should().BeEquivalentTo(shared.Select(c => c["id"]!.GetValue<string>()));
        all.Select(c => c["properties"]!["phone"]!.GetValue<string>()).Should().Contain(p => p.StartsWith("00", StringComparison.Ordinal)).And.Contain(p => p.StartsWith('(')).And.Contain(p => p.StartsWith('+'));
    }

    [Test]
    public async Task SearchContacts_TagTokenAndModifiedSince_PageWithAfterToTheEnd()
    {
        await using var sim = await SimulatorFixture.StartAsync(contacts: 300);
        var since = SimulatorFixture.Anchor.AddDays(-90).ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var body = new JsonObject
        {
            ["filterGroups"] = new JsonArray(new JsonObject
            {
                ["filters"] = new JsonArray(
                    new JsonObject { ["propertyName"] = "lastmodifieddate", ["operator"] = "GTE", ["value"] = since },
                    new JsonObject { ["propertyName"] = "callcrm_tags", ["operator"] = "CONTAINS_TOKEN", ["value"] = "vip" }),
            }),
            ["sorts"] = new JsonArray(new JsonObject { ["propertyName"] = "lastmodifieddate", ["direction"] = "ASCENDING" }),
            ["properties"] = new JsonArray("callcrm_tags"),
            ["limit"] = 7,
        };

        var found = await SearchAllAsync(sim, body);

        found.Should().NotBeEmpty();
        found.Should().OnlyContain(c => c["properties"]!["callcrm_tags"]!.GetValue<string>().Split(';', StringSplitOptions.None).Contains("vip"));
        var modified = found.Select(c => DateTimeOffset.Parse(c["properties"]!["lastmodifieddate"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture)).ToList();
        modified.Should().BeInAscendingOrder().And.OnlyContain(m => m >= SimulatorFixture.Anchor.AddDays(-90));
    }

    [TestCase(201, null)]
    [TestCase(100, "9950")]
    public async Task SearchContacts_BeyondTheDocumentedCaps_Returns400(int limit, string? after)
    {
        await using var sim = await SimulatorFixture.StartAsync();

        using var response = await PostAsync(sim, "crm/v3/objects/contacts/search", Search("phone", "HAS_PROPERTY", string.Empty, limit, after));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await SimulatorFixture.JsonAsync(response))["category"]!.GetValue<string>().Should().Be("VALIDATION_ERROR");
    }

    [Test]
    public async Task Tickets_OfAContact_AreSpreadOverTheLastSixMonths()
    {
        await using var sim = await SimulatorFixture.StartAsync(contacts: 200);
        var tickets = await SearchAllAsync(sim, new JsonObject { ["properties"] = new JsonArray("subject", "createdate"), ["limit"] = 200 }, "tickets");
        var created = tickets.Select(t => DateTimeOffset.Parse(t["properties"]!["createdate"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture)).ToList();

        created.Should().OnlyContain(c => c > SimulatorFixture.Anchor.AddDays(-184) && c <= SimulatorFixture.Anchor);
        created.Should().Contain(c => c < SimulatorFixture.Anchor.AddMonths(-3)).And.Contain(c => c >= SimulatorFixture.Anchor.AddMonths(-3));
        string contactId;
        JsonObject viaV4;
        var id = 1000;
        do
        {
            contactId = (++id).ToString(System.Globalization.CultureInfo.InvariantCulture);
            viaV4 = await SimulatorFixture.JsonAsync(await sim.HubSpot.GetAsync(new Uri($"crm/v4/objects/contacts/{contactId}/associations/tickets", UriKind.Relative)));
        }
        while (viaV4["results"]!.AsArray().Count == 0);

        var byAssociation = await SearchAllAsync(sim, Search("associations.contact", "EQ", contactId), "tickets");
        byAssociation.Select(t => long.Parse(t["id"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture))
            .Should().BeEquivalentTo(viaV4["results"]!.AsArray().Select(r => r!["toObjectId"]!.GetValue<long>()));
    }

    [TestCase(null)]
    [TestCase("Bearer pat-na1-wrong")]
    public async Task AnyEndpoint_WithoutTheAccessToken_Returns401WithHubSpotErrorBody(string? authorization)
    {
        await using var sim = await SimulatorFixture.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "crm/v3/objects/contacts/search") { Content = SimulatorFixture.Json("{}") };
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        using var response = await sim.Http.SendAsync(request);
        var body = await SimulatorFixture.JsonAsync(response);

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        body["status"]!.GetValue<string>().Should().Be("error");
        body["category"]!.GetValue<string>().Should().Be("INVALID_AUTHENTICATION");
        body["correlationId"]!.GetValue<string>().Should().NotBeEmpty();
        body["message"]!.GetValue<string>().Should().NotBeEmpty();
    }

    [Test]
    public async Task BurstLimit_Exceeded_Returns429WithRetryAfterAndRateLimitHeaders_UntilTheWindowRolls()
    {
        await using var sim = await SimulatorFixture.StartAsync(o => o.Faults = o.Faults with { HubSpotTenSecondLimit = null });
        var uri = new Uri("crm/v3/objects/calls?limit=1", UriKind.Relative);

        HttpResponseMessage? last = null;
        for (var i = 0; i < 190; i++)
        {
            last = await sim.HubSpot.GetAsync(uri);
            last.StatusCode.Should().Be(HttpStatusCode.OK);
        }

        last!.Headers.GetValues("X-HubSpot-RateLimit-Max").Should().Equal("190");
        last.Headers.GetValues("X-HubSpot-RateLimit-Remaining").Should().Equal("0");
        last.Headers.GetValues("X-HubSpot-RateLimit-Interval-Milliseconds").Should().Equal("10000");
        last.Headers.GetValues("X-HubSpot-RateLimit-Daily").Should().Equal("625000");
        last.Headers.GetValues("X-HubSpot-RateLimit-Daily-Remaining").Should().Equal("624810");
        last.Headers.Contains("X-HubSpot-RateLimit-Secondly").Should().BeTrue();
        sim.Clock.Advance(TimeSpan.FromSeconds(4));

        using var throttled = await sim.HubSpot.GetAsync(uri);
        var body = await SimulatorFixture.JsonAsync(throttled);

        throttled.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        throttled.Headers.RetryAfter!.Delta.Should().Be(TimeSpan.FromSeconds(6));
        body["policyName"]!.GetValue<string>().Should().Be("TEN_SECONDLY_ROLLING");
        body["errorType"]!.GetValue<string>().Should().Be("RATE_LIMIT");
        (await sim.StateAsync())["throttled"]!.GetValue<long>().Should().Be(1);
        sim.Clock.Advance(TimeSpan.FromSeconds(6));
        (await sim.HubSpot.GetAsync(uri)).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Test]
    public async Task Search_HasItsOwnPerSecondLimitAndNoRateLimitHeaders()
    {
        await using var sim = await SimulatorFixture.StartAsync(o => o.Faults = o.Faults with { HubSpotSearchPerSecond = 5 });

        var responses = new List<HttpResponseMessage>();
        for (var i = 0; i < 6; i++)
        {
            responses.Add(await PostAsync(sim, "crm/v3/objects/contacts/search", new JsonObject { ["limit"] = 1 }));
        }

        responses.Take(5).Should().OnlyContain(r => r.StatusCode == HttpStatusCode.OK);
        responses.Should().OnlyContain(r => !r.Headers.Any(h => h.Key.StartsWith("X-HubSpot-RateLimit", StringComparison.OrdinalIgnoreCase)));
        responses[5].StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        (await SimulatorFixture.JsonAsync(responses[5]))["policyName"]!.GetValue<string>().Should().Be("SECONDLY");
        sim.Clock.Advance(TimeSpan.FromSeconds(1));
        (await PostAsync(sim, "crm/v3/objects/contacts/search", new JsonObject { ["limit"] = 1 })).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    private static async Task<List<JsonObject>> SearchAllAsync(SimulatorFixture sim, JsonObject body, string objectType = "contacts")
    {
        var results = new List<JsonObject>();
        while (true)
        {
            using var response = await PostAsync(sim, $"crm/v3/objects/{objectType}/search", body);
            response.StatusCode.Should().Be(HttpStatusCode.OK);
            var page = await SimulatorFixture.JsonAsync(response);
            results.AddRange(page["results"]!.AsArray().Select(r => r!.AsObject()));
            if (page["paging"]?["next"]?["after"]?.GetValue<string>() is not { } after)
            {
                page["total"]!.GetValue<int>().Should().Be(results.Count);
                return results;
            }

            body = body.DeepClone().AsObject();
            body["after"] = after;
        }
    }
}
