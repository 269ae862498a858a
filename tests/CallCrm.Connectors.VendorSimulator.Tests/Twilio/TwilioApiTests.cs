using System.Text.Json.Nodes;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using CallCrm.Connectors.VendorSimulator.Tests.Infrastructure;

namespace CallCrm.Connectors.VendorSimulator.Tests.Twilio;

public sealed class TwilioApiTests
{
    private static readonly Regex Rfc2822 = new(@"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} \+0000$");

    private static DateTimeOffset ParseDate(string value) =>
        DateTimeOffset.ParseExact(value, "ddd, dd MMM yyyy HH:mm:ss zzz", CultureInfo.InvariantCulture);

    [Test]
    public async Task ListCalls_FollowingNextPageUri_ReturnsEveryCallOnceMostRecentFirst()
    {
        await using var sim = await SimulatorFixture.StartAsync(calls: 400);

        var calls = await sim.AllCallsAsync("PageSize=37");

        calls.Should().HaveCount(400);
        calls.Select(c => c["sid"]!.GetValue<string>()).Should().OnlyHaveUniqueItems();
        var created = calls.Select(c => ParseDate(c["date_created"]!.GetValue<string>())).ToList();
        created.Should().BeInDescendingOrder();
    }

    [Test]
    public async Task ListCalls_Page_HasTwilioPagingFieldsAndNullNextOnTheLastPage()
    {
        await using var sim = await SimulatorFixture.StartAsync(calls: 60);

        var first = await SimulatorFixture.JsonAsync(await sim.Twilio.GetAsync(new Uri(SimulatorFixture.CallsPath + "?Status=completed&PageSize=20", UriKind.Relative)));
        var nextUri = first["next_page_uri"]!.GetValue<string>();
        var second = await SimulatorFixture.JsonAsync(await sim.Twilio.GetAsync(new Uri(nextUri.TrimStart('/'), UriKind.Relative)));

        first["page"]!.GetValue<int>().Should().Be(0);
        first["page_size"]!.GetValue<int>().Should().Be(20);
        first["start"]!.GetValue<int>().Should().Be(0);
        first["end"]!.GetValue<int>().Should().Be(19);
        first["previous_page_uri"].Should().BeNull();
        first["first_page_uri"]!.GetValue<string>().Should().StartWith($"/{SimulatorFixture.CallsPath}?Status=completed&PageSize=20&Page=0");
        nextUri.Should().Contain("Status=completed").And.Contain("Page=1").And.Contain("PageToken=PA");
        second["page"]!.GetValue<int>().Should().Be(1);
        second["previous_page_uri"]!.GetValue<string>().Should().Contain("PageToken=PB");
        var all = await sim.AllCallsAsync("Status=completed&PageSize=1000");
        var pageCount = (all.Count + 19) / 20;
        string? uri = nextUri;
        JsonObject last = second;
        for (var i = 2; i < pageCount; i++)
        {
            uri = last["next_page_uri"]!.GetValue<string>();
            last = await SimulatorFixture.JsonAsync(await sim.Twilio.GetAsync(new Uri(uri.TrimStart('/'), UriKind.Relative)));
        }

        last["next_page_uri"].Should().BeNull();
        all.Should().OnlyContain(c => c["status"]!.GetValue<string>() == "completed");
    }

    [Test]
    public async Task ListCalls_StartTimeRangeParametersOnTheRawUrl_FilterInclusivelyToTheSecond()
    {
        await using var sim = await SimulatorFixture.StartAsync(calls: 400);
        var all = await sim.AllCallsAsync();
        var started = all.Where(c => c["start_time"] is not null).Select(c => ParseDate(c["start_time"]!.GetValue<string>())).OrderBy(t => t).ToList();
        var from = started[100];
        var to = started[300];

        // The parameter NAMES are "StartTime>" and "StartTime<", URL-encoded as StartTime%3E / StartTime%3C.
        var query = $"StartTime%3E={Uri.EscapeDataString(from.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture))}"
            + $"&StartTime%3C={Uri.EscapeDataString(to.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture))}&PageSize=50";
        var window = await sim.AllCallsAsync(query);

        window.Should().HaveCount(started.Count(t => t >= from && t <= to));
        window.Should().OnlyContain(c => ParseDate(c["start_time"]!.GetValue<string>()) >= from && ParseDate(c["start_time"]!.GetValue<string>()) <= to);
    }

    [Test]
    public async Task ListCalls_StartTimeAsDate_ReturnsThatUtcDay()
    {
        await using var sim = await SimulatorFixture.StartAsync(calls: 400);
        var day = SimulatorFixture.Anchor.AddDays(-3).UtcDateTime.Date;

        var calls = await sim.AllCallsAsync($"StartTime={day:yyyy-MM-dd}");

        calls.Should().NotBeEmpty();
        calls.Should().OnlyContain(c => ParseDate(c["start_time"]!.GetValue<string>()).UtcDateTime.Date == day);
    }

    [Test]
    public async Task SeededCalls_CoverTheEdgeCasesProvidersMustHandle()
    {
        await using var sim = await SimulatorFixture.StartAsync(calls: 1000);

        var calls = await sim.AllCallsAsync();

        calls.GroupBy(c => c["start_time"]?.ToString()).Where(g => g.Key is not null).Max(g => g.Count()).Should().BeGreaterThanOrEqualTo(5, "many calls share one start second");
        calls.Select(c => c["from"]!.GetValue<string>()).Should().Contain(["anonymous", "+266696687"]);
        calls.Select(c => c["status"]!.GetValue<string>()).Distinct().Should().Contain(["completed", "busy", "failed", "no-answer", "canceled", "in-progress", "ringing", "queued"]);
        calls.Select(c => c["direction"]!.GetValue<string>()).Distinct().Should().BeEquivalentTo(["inbound", "outbound-api", "outbound-dial"]);
        calls.Select(c => c["from"]!.GetValue<string>()).Where(f => f.StartsWith('+')).Select(f => f[..3]).Distinct().Should().HaveCountGreaterThan(5, "numbers come from several countries");
        calls.Should().Contain(c => c["parent_call_sid"] != null);
        calls.Should().OnlyContain(c => Rfc2822.IsMatch(c["date_created"]!.GetValue<string>()));
        calls.Where(c => c["status"]!.GetValue<string>() == "completed").Should().OnlyContain(c => int.Parse(c["duration"]!.GetValue<string>(), CultureInfo.InvariantCulture) > 0);
        calls.Where(c => c["status"]!.GetValue<string>() == "in-progress").Should().OnlyContain(c => c["end_time"] == null && c["duration"] == null);
        calls.First(c => c["from"]!.GetValue<string>().StartsWith("+1", StringComparison.Ordinal))["from_formatted"]!.GetValue<string>().Should().MatchRegex(@"^\(\d{3}\) \d{3}-\d{4}$");
    }

    [TestCase("canceled")]
    [TestCase("failed")]
    public async Task QueuedCallEndedBeforeDialling_KeepsNoStartOrEndTime_AndListsUnderItsStatus(string status)
    {
        await using var sim = await SimulatorFixture.StartAsync(calls: 30);
        using var added = await sim.Http.PostAsync(new Uri("_sim/twilio/calls", UriKind.Relative), SimulatorFixture.Json(new JsonObject { ["from"] = "+14155550100", ["to"] = "+13055550199", ["status"] = "queued", ["direction"] = "outbound-api" }));
        var sid = (await SimulatorFixture.JsonAsync(added))["sid"]!.GetValue<string>();

        var ended = await SimulatorFixture.JsonAsync(await sim.Http.PostAsync(new Uri("_sim/twilio/calls/" + sid, UriKind.Relative), SimulatorFixture.Json(new JsonObject { ["status"] = status })));
        var listed = await sim.AllCallsAsync("Status=" + status + "&PageSize=1000");

        ended["status"]!.GetValue<string>().Should().Be(status);
        ended["start_time"].Should().BeNull("Twilio: empty if the call has not yet been dialed");
        ended["end_time"].Should().BeNull();
        listed.Select(c => c["sid"]!.GetValue<string>()).Should().Contain(sid);
    }

    [Test]
    public async Task FetchCallAndRecordings_ReturnTheCallAndItsRecordings()
    {
        await using var sim = await SimulatorFixture.StartAsync(calls: 300);
        var recordings = await SimulatorFixture.JsonAsync(await sim.Twilio.GetAsync(new Uri($"2010-04-01/Accounts/{SimulatorCredentials.TwilioAccountSid}/Recordings.json?PageSize=5", UriKind.Relative)));
        var recording = recordings["recordings"]!.AsArray()[0]!;
        var callSid = recording["call_sid"]!.GetValue<string>();

        var call = await SimulatorFixture.JsonAsync(await sim.Twilio.GetAsync(new Uri($"2010-04-01/Accounts/{SimulatorCredentials.TwilioAccountSid}/Calls/{callSid}.json", UriKind.Relative)));
        var perCall = await SimulatorFixture.JsonAsync(await sim.Twilio.GetAsync(new Uri(call["subresource_uris"]!["recordings"]!.GetValue<string>().TrimStart('/'), UriKind.Relative)));

        call["sid"]!.GetValue<string>().Should().Be(callSid);
        perCall["recordings"]!.AsArray().Select(r => r!["sid"]!.GetValue<string>()).Should().Equal(recording["sid"]!.GetValue<string>());
        (await sim.Twilio.GetAsync(new Uri($"2010-04-01/Accounts/{SimulatorCredentials.TwilioAccountSid}/Calls/CA0000000000000000000000000000dead.json", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Test]
    public async Task ListAccountRecordings_DateCreatedRange_ReturnsOnlyRecordingsCreatedInsideIt()
    {
        await using var sim = await SimulatorFixture.StartAsync(calls: 300);
        var path = $"2010-04-01/Accounts/{SimulatorCredentials.TwilioAccountSid}/Recordings.json?PageSize=1000";
        var all = (await SimulatorFixture.JsonAsync(await sim.Twilio.GetAsync(new Uri(path, UriKind.Relative))))["recordings"]!.AsArray();
        var created = all.Select(r => DateTimeOffset.Parse(r!["date_created"]!.GetValue<string>(), CultureInfo.InvariantCulture)).Order().ToList();
        var (from, to) = (created[created.Count / 4], created[created.Count * 3 / 4]);
        var range = $"&DateCreated>={Uri.EscapeDataString(from.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture))}&DateCreated<={Uri.EscapeDataString(to.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture))}";

        var inside = (await SimulatorFixture.JsonAsync(await sim.Twilio.GetAsync(new Uri(path + range, UriKind.Relative))))["recordings"]!.AsArray()
            .Select(r => DateTimeOffset.Parse(r!["date_created"]!.GetValue<string>(), CultureInfo.InvariantCulture)).ToList();

        inside.Should().HaveCount(created.Count(c => c >= from && c <= to)).And.OnlyContain(c => c >= from && c <= to);
        inside.Count.Should().BeLessThan(all.Count);
    }

    [TestCase("AC00000000000000000000000000000042", "wrong-token")]
    [TestCase("SK00000000000000000000000000000042", "wrong-secret")]
    [TestCase(null, null)]
    public async Task ListCalls_WithoutValidCredentials_Returns401WithTwilioErrorBody(string? user, string? password)
    {
        await using var sim = await SimulatorFixture.StartAsync(calls: 10);
        using var request = new HttpRequestMessage(HttpMethod.Get, SimulatorFixture.CallsPath);
        if (user is not null)
        {
            request.Headers.Authorization = SimulatorFixture.Basic(user, password!);
        }

        using var response = await sim.Http.SendAsync(request);
        var body = await SimulatorFixture.JsonAsync(response);

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        body["code"]!.GetValue<int>().Should().Be(20003);
        body["status"]!.GetValue<int>().Should().Be(401);
        body["more_info"]!.GetValue<string>().Should().Be("https://www.twilio.com/docs/errors/20003");
        body["message"]!.GetValue<string>().Should().NotBeEmpty();
    }

    [Test]
    public async Task ListCalls_WithApiKeyAndSecret_IsAccepted()
    {
        await using var sim = await SimulatorFixture.StartAsync(calls: 10);
        using var request = new HttpRequestMessage(HttpMethod.Get, SimulatorFixture.CallsPath);
        request.Headers.Authorization = SimulatorFixture.Basic(SimulatorCredentials.TwilioApiKeySid, SimulatorCredentials.TwilioApiKeySecret);

        using var response = await sim.Http.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Test]
    public async Task ListCalls_OverTheRequestLimit_Returns429WithCode20429AndCountsIt()
    {
        await using var sim = await SimulatorFixture.StartAsync(o => o.Faults = o.Faults with { TwilioRequestsPerSecond = 2, TwilioRetryAfter = true }, calls: 10);

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? throttled = null;
        for (var i = 0; i < 3; i++)
        {
            var response = await sim.Twilio.GetAsync(new Uri(SimulatorFixture.CallsPath, UriKind.Relative));
            statuses.Add(response.StatusCode);
            throttled = response;
        }

        statuses.Should().Equal(HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests);
        var body = await SimulatorFixture.JsonAsync(throttled!);
        body["code"]!.GetValue<int>().Should().Be(20429);
        body["status"]!.GetValue<int>().Should().Be(429);
        throttled!.Headers.RetryAfter!.Delta.Should().Be(TimeSpan.FromSeconds(1));
        (await sim.StateAsync())["throttled"]!.GetValue<long>().Should().Be(1);

        sim.Clock.Advance(TimeSpan.FromSeconds(1));
        (await sim.Twilio.GetAsync(new Uri(SimulatorFixture.CallsPath, UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Test]
    public async Task ListCalls_PageSizeOver1000_Returns400()
    {
        await using var sim = await SimulatorFixture.StartAsync(calls: 10);

        using var response = await sim.Twilio.GetAsync(new Uri(SimulatorFixture.CallsPath + "?PageSize=1001", UriKind.Relative));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await SimulatorFixture.JsonAsync(response))["code"]!.GetValue<int>().Should().Be(20001);
    }
}
