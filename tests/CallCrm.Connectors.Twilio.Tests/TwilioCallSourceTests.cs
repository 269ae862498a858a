using System.Globalization;
using System.Text.Json.Nodes;
using CallCrm.Connectors.Checkpoints;
using CallCrm.Connectors.Errors;
using CallCrm.Connectors.Model;
using CallCrm.Connectors.Providers;
using CallCrm.Connectors.Security.Redaction;
using CallCrm.Connectors.Twilio.Tests.Infrastructure;
using CallCrm.Connectors.VendorSimulator;
using NodaTime;

namespace CallCrm.Connectors.Twilio.Tests;

public sealed class TwilioCallSourceTests
{
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en");

    [Test]
    public async Task ReadAsync_MoreCallsThanPageSize_YieldsEveryCallOnceInAscendingOrder()
    {
        await using var twilio = await TwilioHarness.StartAsync(calls: 600);

        var items = await twilio.ReadAllAsync(pageSize: 50);
        var expected = await twilio.RawCallsAsync();

        items.Select(i => i.Item.SourceId).Should().OnlyHaveUniqueItems().And.BeEquivalentTo(expected.Keys);
        var positions = items.Select(i => (WatermarkCheckpoint)i.Position).ToList();
        positions.Zip(positions.Skip(1)).Should().OnlyContain(p => p.First < p.Second, "positions ascend strictly by (start, sid)");
        items.GroupBy(i => i.Item.StartedAt).Should().Contain(g => g.Count() >= 5, "the seeded bursts put many calls in one second");
        twilio.Requests.Uris.Count(u => u.Contains("/Calls.json", StringComparison.Ordinal)).Should().BeGreaterThan(600 / 50, "every page of every slice was read");
    }

    [Test]
    public async Task ReadAsync_SliceOverTheMemoryBound_IsSplitAndStillYieldsEveryCall()
    {
        await using var twilio = await TwilioHarness.StartAsync(calls: 400, configure: o =>
        {
            o.MaxCallsPerSlice = 30;
            o.SliceDuration = TimeSpan.FromDays(8);
        });

        var items = await twilio.ReadAllAsync(pageSize: 10);

        items.Select(i => i.Item.SourceId).Should().OnlyHaveUniqueItems().And.BeEquivalentTo((await twilio.RawCallsAsync()).Keys);
        items.Select(i => (WatermarkCheckpoint)i.Position).Should().BeInAscendingOrder();
    }

    [Test]
    public async Task ReadAsync_SeededCalls_MapEveryFieldLikeTheSimulatorsJson()
    {
        await using var twilio = await TwilioHarness.StartAsync(calls: 400);
        var raw = await twilio.RawCallsAsync();

        var records = (await twilio.ReadAllAsync()).ToDictionary(i => i.Item.SourceId, i => i.Item);

        var samples = new[]
        {
            raw.Values.First(c => Text(c, "status") == "completed" && Text(c, "direction") == "inbound" && Text(c, "caller_name") is not null),
            raw.Values.First(c => Text(c, "direction") == "outbound-dial" && Text(c, "to")!.StartsWith("client:", StringComparison.Ordinal)),
            raw.Values.First(c => Text(c, "direction") == "outbound-api" && Text(c, "answered_by") is not null),
            raw.Values.First(c => Text(c, "status") == "no-answer"),
            raw.Values.First(c => Text(c, "status") == "in-progress"),
            raw.Values.First(c => Text(c, "status") == "queued"),
        };
        foreach (var json in samples)
        {
            var record = records[Text(json, "sid")!];
            record.SourceSystem.Should().Be("twilio");
            record.Key.Should().Be("twilio:" + Text(json, "sid"));
            record.From.Raw.Should().Be(Text(json, "from"));
            record.To.Raw.Should().Be(Text(json, "to"));
            record.StartedAt.Should().Be(Rfc1123(Text(json, "start_time") ?? Text(json, "date_created")));
            record.EndedAt.Should().Be(Text(json, "end_time") is { } end ? Rfc1123(end) : null);
            record.UpdatedAt.Should().Be(Rfc1123(Text(json, "date_updated")));
            record.Duration.Should().Be(Text(json, "duration") is { } d ? Duration.FromSeconds(long.Parse(d, CultureInfo.InvariantCulture)) : null);
            record.ParentSourceId.Should().Be(Text(json, "parent_call_sid"));
            record.Status.Should().Be(Text(json, "status") switch
            {
                "completed" => CallStatus.Completed,
                "no-answer" => CallStatus.NoAnswer,
                "in-progress" => CallStatus.InProgress,
                "queued" => CallStatus.Queued,
                var other => throw new AssertionException("unexpected sample status " + other),
            });
            record.IsFinal.Should().Be(Text(json, "status") is "completed" or "no-answer");
            foreach (var field in new[] { "price", "answered_by", "forwarded_from", "caller_name", "direction", "queue_time", "phone_number_sid" })
            {
                if (Text(json, field) is { } value)
                {
                    record.CustomFields.Should().Contain(field, value);
                }
                else
                {
                    record.CustomFields.Should().NotContainKey(field);
                }
            }

            if (Text(json, "price") is not null)
            {
                record.CustomFields.Should().Contain("price_unit", Text(json, "price_unit")!);
            }
        }

        records[Text(samples[0], "sid")!].Direction.Should().Be(CallDirection.Inbound);
        records[Text(samples[0], "sid")!].From.E164.Should().Be(Text(samples[0], "from"), "Twilio sends E.164, which normalizes to itself");
        records[Text(samples[1], "sid")!].Direction.Should().Be(CallDirection.Internal, "a <Dial>ed leg to a Twilio Client identity is an agent leg");
        records[Text(samples[1], "sid")!].To.E164.Should().BeNull("client: identities are not phone numbers");
        records[Text(samples[1], "sid")!].Agent.Should().Be(Text(samples[1], "to")!["client:".Length..]);
        records[Text(samples[1], "sid")!].ParentSourceId.Should().NotBeNull();
        records[Text(samples[2], "sid")!].Direction.Should().Be(CallDirection.Outbound);
    }

    [Test]
    public async Task ReadAsync_CallsWithRecordings_LinkTheRecordingMediaWithOneListRequestPerSlice()
    {
        await using var twilio = await TwilioHarness.StartAsync(calls: 300);
        var recordings = JsonNode.Parse(await twilio.Raw.GetStringAsync(new Uri($"2010-04-01/Accounts/{SimulatorCredentials.TwilioAccountSid}/Recordings.json?PageSize=1000", UriKind.Relative)))!["recordings"]!.AsArray()
            .ToDictionary(r => r!["call_sid"]!.GetValue<string>(), r => r!["sid"]!.GetValue<string>());

        var items = await twilio.ReadAllAsync();

        recordings.Should().NotBeEmpty();
        foreach (var item in items)
        {
            var expected = recordings.TryGetValue(item.Item.SourceId, out var sid)
                ? new Uri(twilio.Simulator.BaseAddress, $"2010-04-01/Accounts/{SimulatorCredentials.TwilioAccountSid}/Recordings/{sid}")
                : null;
            item.Item.RecordingUrl.Should().Be(expected, "call {0}", item.Item.SourceId);
        }

        var sliceRequests = twilio.Requests.Uris.Count(u => u.Contains("StartTime%3E=", StringComparison.Ordinal));
        twilio.Requests.Uris.Count(u => u.Contains("/Recordings.json", StringComparison.Ordinal)).Should().BeInRange(1, sliceRequests);
        twilio.Requests.Uris.Should().NotContain(u => u.Contains("/Calls/", StringComparison.Ordinal), "no per-call request is made");
    }

    [Test]
    public async Task ReadAsync_IncludeRecordingsOff_SendsNoRecordingsRequest()
    {
        await using var twilio = await TwilioHarness.StartAsync(calls: 100, configure: o => o.IncludeRecordings = false);

        var items = await twilio.ReadAllAsync();

        items.Should().HaveCount(100).And.OnlyContain(i => i.Item.RecordingUrl == null);
        twilio.Requests.Uris.Should().NotContain(u => u.Contains("Recordings", StringComparison.Ordinal));
    }

    [Test]
    public async Task ReadAsync_FromACheckpointInsideASharedSecond_YieldsExactlyTheRemainingCalls()
    {
        await using var twilio = await TwilioHarness.StartAsync(calls: 500);
        var all = await twilio.ReadAllAsync();
        // A checkpoint in the middle of a second many calls share: the hardest place to resume.
        var burst = all.GroupBy(i => i.Item.StartedAt).Where(g => g.Count() >= 3).OrderBy(g => g.Key).ElementAt(3).ToList();
        var checkpoint = burst[1].Position;
        var index = all.FindIndex(i => i.Position == checkpoint);

        var rest = await twilio.ReadAllAsync(checkpoint, pageSize: 37);

        rest.Select(i => i.Item.SourceId).Should().Equal(all.Skip(index + 1).Select(i => i.Item.SourceId));
        twilio.Requests.Uris.Last(u => u.Contains("StartTime%3E=", StringComparison.Ordinal) && u.Contains("PageSize=37", StringComparison.Ordinal)).Should().NotBeNull();
    }

    [Test]
    public async Task ReadAsync_RequestUrl_CarriesTwiliosStartTimeRangeParametersFromTheFlooredCheckpoint()
    {
        await using var twilio = await TwilioHarness.StartAsync(calls: 20);
        var since = new WatermarkCheckpoint(Instant.FromUtc(2026, 11, 20, 8, 30, 15) + Duration.FromMilliseconds(750), "CA0");

        await twilio.ReadAllAsync(since, until: Instant.FromUtc(2026, 11, 20, 9, 0, 0));

        twilio.Requests.Uris.Should().Contain(u => u.Contains("/Calls.json?StartTime%3E=2026-11-20T08%3A30%3A15Z&StartTime%3C=2026-11-20T08%3A59%3A59Z&PageSize=1000", StringComparison.Ordinal));
    }

    [Test]
    public async Task ReadAsync_CallInProgress_IsNotFinalUntilTwilioCompletesIt()
    {
        await using var twilio = await TwilioHarness.StartAsync(calls: 50);
        var added = await twilio.AdminAsync("_sim/twilio/calls", new { from = "+13055550123", to = "+14155550100", status = "in-progress", direction = "inbound", startTime = "2026-11-24T14:30:00Z" });
        var sid = added["sid"]!.GetValue<string>();
        var before = new WatermarkCheckpoint(Instant.FromUtc(2026, 11, 24, 14, 29, 0), string.Empty);

        var live = (await twilio.ReadAllAsync(before)).Single(i => i.Item.SourceId == sid);
        await twilio.AdminAsync($"_sim/twilio/calls/{sid}", new { status = "completed", durationSeconds = 95 });
        var done = (await twilio.ReadAllAsync(before)).Single(i => i.Item.SourceId == sid);

        live.Item.IsFinal.Should().BeFalse();
        live.Item.Status.Should().Be(CallStatus.InProgress);
        live.Item.Duration.Should().BeNull("Twilio sends no duration while the call runs");
        done.Item.IsFinal.Should().BeTrue();
        done.Item.Key.Should().Be(live.Item.Key);
        done.Item.Status.Should().Be(CallStatus.Completed);
        done.Item.Duration.Should().Be(Duration.FromSeconds(95));
        done.Position.Should().Be(live.Position, "start_time orders the call, and it did not change");
    }

    [Test]
    public async Task ReadAsync_QueuedCallWithoutStartTime_IsYieldedByDateCreatedAndNotFinal()
    {
        await using var twilio = await TwilioHarness.StartAsync(calls: 30);
        var added = await twilio.AdminAsync("_sim/twilio/calls", new { from = "+14155550100", to = "+13055550199", status = "queued", direction = "outbound-api", startTime = "2026-11-24T14:45:10Z" });

        var item = (await twilio.ReadAllAsync()).Single(i => i.Item.SourceId == added["sid"]!.GetValue<string>());

        added["start_time"]!.Should().BeNull();
        item.Item.IsFinal.Should().BeFalse();
        item.Item.Status.Should().Be(CallStatus.Queued);
        item.Position.Should().Be(new WatermarkCheckpoint(Instant.FromUtc(2026, 11, 24, 14, 45, 10), item.Item.SourceId));
        twilio.Requests.Uris.Should().ContainSingle(u => u.Contains("Status=queued", StringComparison.Ordinal));
    }

    [TestCase("canceled", CallStatus.Canceled)]
    [TestCase("failed", CallStatus.Failed)]
    public async Task ReadAsync_QueuedCallEndedBeforeDialling_IsYieldedFinalByTheNextRead(string twilioStatus, CallStatus expected)
    {
        await using var twilio = await TwilioHarness.StartAsync(calls: 30);
        var added = await twilio.AdminAsync("_sim/twilio/calls", new { from = "+14155550100", to = "+13055550199", status = "queued", direction = "outbound-api", startTime = "2026-11-24T14:45:10Z" });
        var sid = added["sid"]!.GetValue<string>();
        var first = (await twilio.ReadAllAsync()).Single(i => i.Item.SourceId == sid);
        first.Item.IsFinal.Should().BeFalse();

        // Cancelled (or failed) before it was dialled: Twilio never gives it a start time, so no StartTime filter finds it.
        var ended = await twilio.AdminAsync("_sim/twilio/calls/" + sid, new { status = twilioStatus });
        var resume = new WatermarkCheckpoint(Instant.FromUtc(2026, 11, 24, 14, 45, 0), string.Empty);
        var requestsBefore = twilio.Requests.Uris.Count;
        var item = (await twilio.ReadAllAsync(since: resume)).Single(i => i.Item.SourceId == sid);

        ended["start_time"]!.Should().BeNull();
        item.Item.IsFinal.Should().BeTrue();
        item.Item.Status.Should().Be(expected);
        item.Position.Should().Be(first.Position, "a call never dialled is ordered by date_created, as while it was queued");
        var statusReads = twilio.Requests.Uris.Skip(requestsBefore).Where(u => u.Contains("Status=" + twilioStatus, StringComparison.Ordinal)).ToList();
        statusReads.Should().ContainSingle("the list is newest first, so the read stops at the first page reaching before its window");
    }

    [Test]
    public async Task ReadAsync_HiddenCallers_KeepTheRawValueWithoutE164()
    {
        await using var twilio = await TwilioHarness.StartAsync(calls: 30);
        var anonymous = await twilio.AdminAsync("_sim/twilio/calls", new { from = "anonymous", to = "+14155550100", status = "completed", startTime = "2026-11-24T14:40:00Z" });
        var sentinel = await twilio.AdminAsync("_sim/twilio/calls", new { from = "+266696687", to = "+14155550100", status = "completed", startTime = "2026-11-24T14:40:01Z" });

        var records = (await twilio.ReadAllAsync()).Select(i => i.Item).ToDictionary(r => r.SourceId);

        records[anonymous["sid"]!.GetValue<string>()].From.Should().Be(new PhoneNumber("anonymous"));
        records[sentinel["sid"]!.GetValue<string>()].From.Should().Be(new PhoneNumber("+266696687"));
        records[sentinel["sid"]!.GetValue<string>()].To.E164.Should().Be("+14155550100");
    }

    [Test]
    public async Task ReadAsync_WrongAuthToken_ThrowsAuthenticationFailedWithAFriendlyMessage()
    {
        await using var twilio = await TwilioHarness.StartAsync(calls: 10, configure: o => o.AuthToken = new Secret("not-the-token"));

        var act = () => twilio.ReadAllAsync();

        var error = (await act.Should().ThrowAsync<ConnectorException>()).Which;
        error.Code.Should().Be(ConnectorErrorCode.AuthenticationFailed);
        error.IsTransient.Should().BeFalse();
        error.Error.GetUserMessage(English).Should().Contain("Twilio").And.Contain("credentials");
        error.ToString().Should().NotContain("not-the-token");
    }

    [Test]
    public async Task ReadAsync_ApiKeyCredentials_SignInWithTheKeySidAndKeepTheAccountInThePath()
    {
        await using var twilio = await TwilioHarness.StartAsync(calls: 40, configure: o =>
        {
            o.AuthToken = null;
            o.ApiKeySid = SimulatorCredentials.TwilioApiKeySid;
            o.ApiKeySecret = new Secret(SimulatorCredentials.TwilioApiKeySecret);
        });

        var items = await twilio.ReadAllAsync();

        items.Should().HaveCount(40);
        twilio.Requests.Uris.Should().OnlyContain(u => u.Contains("/Accounts/" + SimulatorCredentials.TwilioAccountSid + "/", StringComparison.Ordinal));
    }

    [Test]
    public async Task ReadAsync_TwilioThrottlesWith20429_EveryCallIsStillReadOnce()
    {
        await using var twilio = await TwilioHarness.StartAsync(calls: 300);
        twilio.Simulator.ConfigureFaults(f => f with { TwilioRequestsPerSecond = 4 });

        var items = await twilio.ReadAllAsync(pageSize: 20);

        twilio.Simulator.GetState().Throttled.Should().BeGreaterThan(0, "the storm must have happened for the test to mean anything");
        items.Select(i => i.Item.SourceId).Should().OnlyHaveUniqueItems().And.HaveCount(300);
    }

    [Test]
    public async Task ReadAsync_ConcurrencyLimitExceededByParallelReaders_AllReadersGetEveryCall()
    {
        await using var twilio = await TwilioHarness.StartAsync(calls: 200);
        // 20 ms per request, counted as part of it: readers that start together overlap however busy the machine is.
        twilio.Simulator.ConfigureFaults(f => f with { TwilioConcurrencyLimit = 2, Twilio = f.Twilio with { LatencyMs = 20 } });

        // Several readers of one account, each with its own client: together they exceed Twilio's concurrency limit.
        var reads = Enumerable.Range(0, 4).Select(_ => twilio.ReadAllAsync(pageSize: 25)).ToList();
        var results = await Task.WhenAll(reads);

        twilio.Simulator.GetState().Throttled.Should().BeGreaterThan(0);
        results.Should().OnlyContain(r => r.Count == 200 && r.Select(i => i.Item.SourceId).Distinct().Count() == 200);
    }

    [Test]
    public async Task ReadAsync_InjectedServerErrors_AreRetriedWithoutLosingACall()
    {
        await using var twilio = await TwilioHarness.StartAsync(calls: 300);
        twilio.Simulator.ConfigureFaults(f => f with { Twilio = f.Twilio with { ErrorRate = 0.3 } });

        var items = await twilio.ReadAllAsync(pageSize: 25);

        twilio.Simulator.GetState().ErrorsInjected.Should().BeGreaterThan(0);
        items.Select(i => i.Item.SourceId).Should().OnlyHaveUniqueItems().And.HaveCount(300);
    }

    [Test]
    public async Task ReadAsync_TwilioDown_ThrowsATransientServiceUnavailable()
    {
        await using var twilio = await TwilioHarness.StartAsync(calls: 10);
        twilio.Simulator.ConfigureFaults(f => f with { Twilio = f.Twilio with { Outage = true } });

        var act = () => twilio.ReadAllAsync();

        var error = (await act.Should().ThrowAsync<ConnectorException>()).Which;
        error.Code.Should().Be(ConnectorErrorCode.ServiceUnavailable);
        error.IsTransient.Should().BeTrue("the engine retries the read later");
    }

    [Test]
    public async Task ReadAsync_CursorCheckpoint_IsRefused()
    {
        await using var twilio = await TwilioHarness.StartAsync(calls: 0);

        var act = () => twilio.Source.ReadAsync(new ReadRequest(new CursorCheckpoint("x")));

        act.Should().Throw<ArgumentException>().WithMessage("*WatermarkCheckpoint*");
    }

    [Test]
    public async Task Capabilities_DeclareASourceOrderedByStartTimeAndTheClientKeepsUnderTwiliosConcurrencyLimit()
    {
        await using var twilio = await TwilioHarness.StartAsync(calls: 0);

        twilio.Source.Name.Should().Be("twilio");
        twilio.Source.Capabilities.Ordering.Should().Be(SourceOrdering.StartTime, "Twilio filters calls by start time only");
        TwilioCallSource.DefaultRateLimitPolicy.MaxConcurrentRequests.Should().BeInRange(1, 100);
        TwilioCallSource.DefaultRateLimitPolicy.RequestsPerSecond.Should().BeLessThanOrEqualTo(100);
    }

    private static string? Text(JsonObject json, string name) => json[name]?.GetValue<string>();

    private static Instant Rfc1123(string? value) =>
        Instant.FromDateTimeOffset(DateTimeOffset.ParseExact(value!, "ddd, dd MMM yyyy HH:mm:ss zzz", CultureInfo.InvariantCulture));
}
