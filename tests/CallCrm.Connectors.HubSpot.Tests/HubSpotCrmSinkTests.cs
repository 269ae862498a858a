using CallCrm.Connectors.Errors;
using CallCrm.Connectors.HubSpot.Tests.Infrastructure;
using CallCrm.Connectors.Model;
using CallCrm.Connectors.Providers;
using CallCrm.Connectors.Security.Redaction;
using CallCrm.Connectors.VendorSimulator;
using Microsoft.Extensions.DependencyInjection;

namespace CallCrm.Connectors.HubSpot.Tests;

public sealed class HubSpotCrmSinkTests
{
    private const string OwnNumber = "+14155550100";

    private static async Task<(HubSpotHarness Harness, List<SeededContact> Contacts)> StartAsync(Action<HubSpotOptions>? configure = null)
    {
        var harness = await HubSpotHarness.StartAsync(configure: o =>
        {
            o.OwnNumbers.Add(OwnNumber);
            configure?.Invoke(o);
        });
        return (harness, SeededContact.From(await harness.ContactsAsync()));
    }

    private static SeededContact Unique(List<SeededContact> contacts) =>
        contacts.First(c => contacts.Count(o => o.E164 == c.E164) == 1);

    private static List<SeededContact> Shared(List<SeededContact> contacts) =>
        contacts.GroupBy(c => c.E164).First(g => g.Count() >= 2).ToList();

    [Test]
    public async Task WriteAsync_Batch_WritesEngagementsWithPropertiesAndContactAssociations()
    {
        var (harness, contacts) = await StartAsync();
        await using var _ = harness;
        var national = contacts.First(c => c.RawPhone.StartsWith('(') && contacts.Count(o => o.E164 == c.E164) == 1);
        var international = contacts.First(c => c.RawPhone.StartsWith('+') && c.E164 != national.E164 && contacts.Count(o => o.E164 == c.E164) == 1);
        var inbound = HubSpotHarness.Call("CA1", CallDirection.Inbound, national.E164, OwnNumber);
        var outbound = HubSpotHarness.Call("CA2", CallDirection.Outbound, OwnNumber, international.E164, CallStatus.NoAnswer);
        var stranger = HubSpotHarness.Call("CA3", CallDirection.Inbound, "+12125550199", OwnNumber, CallStatus.Busy);

        var outcomes = await harness.WriteAsync(inbound, outbound, stranger);

        outcomes.Select(o => o.Kind).Should().AllBeEquivalentTo(RecordOutcomeKind.Written);
        outcomes.Select(o => o.Key).Should().Equal(inbound.Key, outbound.Key, stranger.Key);
        var call = await harness.CallAsync(outcomes[0].TargetId!);
        var p = call["properties"]!;
        p["hs_timestamp"]!.GetValue<string>().Should().Be("2026-11-24T14:30:00.000Z");
        p["hs_call_direction"]!.GetValue<string>().Should().Be("INBOUND");
        p["hs_call_duration"]!.GetValue<string>().Should().Be("95000");
        p["hs_call_from_number"]!.GetValue<string>().Should().Be(national.E164);
        p["hs_call_to_number"]!.GetValue<string>().Should().Be(OwnNumber);
        p["hs_call_status"]!.GetValue<string>().Should().Be("COMPLETED");
        p["hs_call_body"]!.GetValue<string>().Should().Contain("Disposition: Resolved");
        p["hs_call_recording_url"]!.GetValue<string>().Should().Be("https://recordings.example.invalid/CA1.mp3");
        p["hs_call_title"]!.GetValue<string>().Should().Be("Inbound call (Support)");
        p["callcrm_source_call_id"]!.GetValue<string>().Should().Be("twilio:CA1");
        (await harness.CallAsync(outcomes[1].TargetId!))["properties"]!["hs_call_status"]!.GetValue<string>().Should().Be("NO_ANSWER");
        (await harness.CallContactsAsync(outcomes[0].TargetId!)).Should().Equal(national.Id);
        (await harness.CallContactsAsync(outcomes[1].TargetId!)).Should().Equal(international.Id);
        (await harness.CallContactsAsync(outcomes[2].TargetId!)).Should().BeEmpty();
    }

    [TestCase(HubSpotWriteMode.Upsert)]
    [TestCase(HubSpotWriteMode.CreateOnly)]
    [TestCase(HubSpotWriteMode.CreateOrUpdate)]
    public async Task WriteAsync_Replay_NeverDuplicates(HubSpotWriteMode mode)
    {
        var (harness, contacts) = await StartAsync(o => o.WriteMode = mode);
        await using var _ = harness;
        var calls = Enumerable.Range(0, 30).Select(i => HubSpotHarness.Call("CA" + i, CallDirection.Inbound, contacts[i % contacts.Count].E164, OwnNumber)).ToArray();

        var first = await harness.WriteAsync(calls);
        var replay = await harness.WriteAsync(calls);

        first.Should().OnlyContain(o => o.Kind == RecordOutcomeKind.Written);
        replay.Should().OnlyContain(o => o.Kind == (mode == HubSpotWriteMode.CreateOnly ? RecordOutcomeKind.Unchanged : RecordOutcomeKind.Written));
        replay.Select(o => o.TargetId).Should().Equal(first.Select(o => o.TargetId));
        var state = harness.Simulator.GetState();
        state.HubSpotCalls.Should().Be(30);
        state.HubSpotDuplicateCalls.Should().Be(0);
    }

    [Test]
    public async Task WriteAsync_CreateOnlyCallExistsWithAnotherStatus_FailsPermanentlyWithAConflictInsteadOfUnchanged()
    {
        var (harness, contacts) = await StartAsync(o => o.WriteMode = HubSpotWriteMode.CreateOnly);
        await using var _ = harness;
        var ringing = HubSpotHarness.Call("CA-live", CallDirection.Inbound, contacts[0].E164, OwnNumber, CallStatus.InProgress);
        (await harness.WriteAsync([ringing])).Should().ContainSingle(o => o.Kind == RecordOutcomeKind.Written);

        var completed = await harness.WriteAsync([HubSpotHarness.Call("CA-live", CallDirection.Inbound, contacts[0].E164, OwnNumber)]);
        var same = await harness.WriteAsync([ringing]);

        completed.Should().ContainSingle().Which.Should().BeEquivalentTo(new { Kind = RecordOutcomeKind.PermanentFailure });
        completed[0].Error!.Code.Should().Be(ConnectorErrorCode.Conflict);
        completed[0].Error!.TechnicalDetail.Should().Contain("CreateOnly never updates");
        same.Should().ContainSingle(o => o.Kind == RecordOutcomeKind.Unchanged, "a replay of what HubSpot holds is not a conflict");
    }

    [TestCase(HubSpotWriteMode.Upsert)]
    [TestCase(HubSpotWriteMode.CreateOnly)]
    [TestCase(HubSpotWriteMode.CreateOrUpdate)]
    public async Task WriteAsync_LostResponses_RetriesWithoutDuplicates(HubSpotWriteMode mode)
    {
        var (harness, contacts) = await StartAsync(o => o.WriteMode = mode);
        await using var _ = harness;
        harness.Simulator.ConfigureFaults(f => f with { HubSpot = f.HubSpot with { LostResponseRate = 0.2 } });
        var outcomes = new List<RecordOutcome>();
        for (var batch = 0; batch < 10; batch++)
        {
            var calls = Enumerable.Range(0, 5).Select(i => HubSpotHarness.Call($"CA{batch}-{i}", CallDirection.Inbound, contacts[(batch * 5) + i].E164, OwnNumber)).ToArray();
            // What the sync engine does: replay a batch that threw a transient error or has calls that failed
            // transiently. Idempotent requests (upserts, updates, reads, associations) are also retried by the HTTP
            // pipeline; a create is not, so its lost answer comes back here and the replay meets the unique property's 409.
            IReadOnlyList<RecordOutcome>? written = null;
            for (var attempt = 0; attempt < 6 && (written is null || written.Any(o => o.Kind == RecordOutcomeKind.TransientFailure)); attempt++)
            {
                try
                {
                    written = await harness.WriteAsync(calls);
                }
                catch (ConnectorException ex) when (ex.Error.IsTransient)
                {
                    written = null;
                }
            }

            written.Should().NotBeNull("six replays get through a 20% loss rate");

            outcomes.AddRange(written!);
        }

        var state = harness.Simulator.GetState();
        state.LostResponses.Should().BePositive("the fault must have hit some writes");
        outcomes.Should().OnlyContain(o => o.Kind == RecordOutcomeKind.Written || o.Kind == RecordOutcomeKind.Unchanged);
        state.HubSpotCalls.Should().Be(50);
        state.HubSpotDuplicateCalls.Should().Be(0);
        foreach (var outcome in outcomes)
        {
            (await harness.CallContactsAsync(outcome.TargetId!)).Should().ContainSingle("the association whose answer was lost was retried or replayed, and is idempotent");
        }
    }

    [TestCase(HubSpotWriteMode.Upsert)]
    [TestCase(HubSpotWriteMode.CreateOnly)]
    [TestCase(HubSpotWriteMode.CreateOrUpdate)]
    public async Task WriteAsync_OneInvalidRecord_FailsAloneAndTheRestIsWritten(HubSpotWriteMode mode)
    {
        var (harness, contacts) = await StartAsync(o =>
        {
            o.WriteMode = mode;
            o.CustomFieldProperties["survey"] = "survey_score_that_does_not_exist";
        });
        await using var _ = harness;
        var calls = Enumerable.Range(0, 7).Select(i => HubSpotHarness.Call("CA" + i, CallDirection.Inbound, contacts[i].E164, OwnNumber)).ToArray();
        calls[4] = calls[4] with { CustomFields = new Dictionary<string, string> { ["survey"] = "9" } };

        var outcomes = await harness.WriteAsync(calls);

        outcomes[4].Kind.Should().Be(RecordOutcomeKind.PermanentFailure);
        outcomes[4].Error!.Code.Should().Be(ConnectorErrorCode.ValidationFailed);
        outcomes[4].Error!.FieldErrors.Should().ContainSingle(f => f.Field == "survey_score_that_does_not_exist");
        outcomes.Where((_, i) => i != 4).Should().OnlyContain(o => o.Kind == RecordOutcomeKind.Written);
        harness.Simulator.GetState().HubSpotCalls.Should().Be(6);
    }

    [Test]
    public async Task WriteAsync_NegativeDuration_IsRefusedByHubSpotAndFailsAlone()
    {
        var (harness, contacts) = await StartAsync();
        await using var _ = harness;
        var calls = Enumerable.Range(0, 4).Select(i => HubSpotHarness.Call("CA" + i, CallDirection.Inbound, contacts[i].E164, OwnNumber)).ToArray();
        calls[1] = calls[1] with { Duration = NodaTime.Duration.FromSeconds(-3) };

        var outcomes = await harness.WriteAsync(calls);

        outcomes.Select(o => o.Kind).Should().Equal(RecordOutcomeKind.Written, RecordOutcomeKind.PermanentFailure, RecordOutcomeKind.Written, RecordOutcomeKind.Written);
        outcomes[1].Error!.FieldErrors.Should().ContainSingle(f => f.Field == "hs_call_duration");
    }

    [TestCase(HubSpotWriteMode.Upsert)]
    [TestCase(HubSpotWriteMode.CreateOnly)]
    [TestCase(HubSpotWriteMode.CreateOrUpdate)]
    public async Task WriteAsync_BatchRefusedWithoutNamingAnInput_ThrowsRecordLevelValidationFailedAndWritesNothing(HubSpotWriteMode mode)
    {
        var (harness, contacts) = await StartAsync(o => o.WriteMode = mode);
        await using var _ = harness;
        harness.Simulator.ConfigureFaults(f => f with { HubSpotUnnamedValidationErrors = true });
        var calls = Enumerable.Range(0, 4).Select(i => HubSpotHarness.Call("CA" + i, CallDirection.Inbound, contacts[i].E164, OwnNumber)).ToArray();
        calls[1] = calls[1] with { Duration = NodaTime.Duration.FromSeconds(-3) };

        var act = () => harness.WriteAsync(calls);
        var alone = await harness.WriteAsync(calls[1]);

        // The sink cannot tell which call HubSpot refused: the engine bisects the batch (SinkPipeline.WriteIsolatingAsync)
        // down to the call, which, alone, fails by itself.
        var thrown = (await act.Should().ThrowAsync<ConnectorException>()).Which;
        thrown.Code.Should().Be(ConnectorErrorCode.ValidationFailed);
        thrown.IsTransient.Should().BeFalse();
        thrown.Error.HttpStatus.Should().Be(400);
        alone.Should().ContainSingle().Which.Kind.Should().Be(RecordOutcomeKind.PermanentFailure);
        alone[0].Error!.Code.Should().Be(ConnectorErrorCode.ValidationFailed);
        harness.Simulator.GetState().HubSpotCalls.Should().Be(0, "HubSpot refuses the whole batch");
    }

    [Test]
    public async Task WriteAsync_SharedNumber_MostRecentlyActive_AssociatesTheLatestContactOnce()
    {
        var (harness, contacts) = await StartAsync(o => o.CallerResolution = CallerResolutionPolicy.MostRecentlyActive);
        await using var _ = harness;
        var shared = Shared(contacts);

        var outcomes = await harness.WriteAsync(HubSpotHarness.Call("CA1", CallDirection.Inbound, shared[0].E164, OwnNumber));

        (await harness.CallContactsAsync(outcomes[0].TargetId!)).Should().Equal(shared.MaxBy(c => c.Modified)!.Id);
        harness.Simulator.GetState().HubSpotCalls.Should().Be(1);
    }

    [Test]
    public async Task WriteAsync_SharedNumber_AssociateWithAll_OneEngagementForEveryContact()
    {
        var (harness, contacts) = await StartAsync(o => o.CallerResolution = CallerResolutionPolicy.AssociateWithAll);
        await using var _ = harness;
        var shared = Shared(contacts);

        var outcomes = await harness.WriteAsync(HubSpotHarness.Call("CA1", CallDirection.Outbound, OwnNumber, shared[0].E164));

        // Seeded contacts not found by the test's region guess may share the line too: every one found must be there.
        (await harness.CallContactsAsync(outcomes[0].TargetId!)).Should().Contain(shared.Select(c => c.Id));
        harness.Simulator.GetState().HubSpotCalls.Should().Be(1);
    }

    [TestCase(CallerResolutionPolicy.UnassociatedAndFlag)]
    [TestCase(CallerResolutionPolicy.CompanyOnly)]
    public async Task WriteAsync_SharedNumber_FlaggingPolicies_LeaveTheCallUnassociatedWithANote(CallerResolutionPolicy policy)
    {
        var (harness, contacts) = await StartAsync(o => o.CallerResolution = policy);
        await using var _ = harness;
        var shared = Shared(contacts);

        var outcomes = await harness.WriteAsync(HubSpotHarness.Call("CA1", CallDirection.Inbound, shared[0].E164, OwnNumber));

        (await harness.CallContactsAsync(outcomes[0].TargetId!)).Should().BeEmpty();
        var body = (await harness.CallAsync(outcomes[0].TargetId!))["properties"]!["hs_call_body"]!.GetValue<string>();
        body.Should().Contain("contacts, so this call was not associated").And.NotContain(shared[0].E164);
    }

    [TestCase(HubSpotWriteMode.Upsert)]
    [TestCase(HubSpotWriteMode.CreateOrUpdate)]
    public async Task WriteAsync_CallerResolvesElsewhereOnUpdate_ArchivesTheStaleContactAssociation(HubSpotWriteMode mode)
    {
        var (harness, contacts) = await StartAsync(o => o.WriteMode = mode);
        await using var _ = harness;
        var before = Unique(contacts);
        var after = contacts.First(c => c.E164 != before.E164 && contacts.Count(o => o.E164 == c.E164) == 1);
        var first = await harness.WriteAsync(HubSpotHarness.Call("CA1", CallDirection.Inbound, before.E164, OwnNumber, CallStatus.InProgress));
        (await harness.CallContactsAsync(first[0].TargetId!)).Should().Equal(before.Id);

        // The same call, its caller now another contact: the first one must not keep it on its timeline.
        var moved = await harness.WriteAsync(HubSpotHarness.Call("CA1", CallDirection.Inbound, after.E164, OwnNumber));
        (await harness.CallContactsAsync(first[0].TargetId!)).Should().Equal(after.Id);

        // And now to nobody.
        var gone = await harness.WriteAsync(HubSpotHarness.Call("CA1", CallDirection.Inbound, "+12125550199", OwnNumber));

        moved.Concat(gone).Should().OnlyContain(o => o.Kind == RecordOutcomeKind.Written && o.TargetId == first[0].TargetId);
        (await harness.CallContactsAsync(first[0].TargetId!)).Should().BeEmpty();
        harness.Simulator.GetState().HubSpotCalls.Should().Be(1);
    }

    [Test]
    public async Task WriteAsync_NewCalls_NeverReadTheirAssociations()
    {
        var log = new RequestLog();
        await using var harness = await HubSpotHarness.StartAsync(configure: o => { o.OwnNumbers.Add(OwnNumber); o.WriteMode = HubSpotWriteMode.Upsert; }, http: h => h.Builder.HttpClientBuilder.AddHttpMessageHandler(() => log));
        var contacts = SeededContact.From(await harness.ContactsAsync());

        var outcomes = await harness.WriteAsync(Enumerable.Range(0, 5).Select(i => HubSpotHarness.Call("CA" + i, CallDirection.Inbound, contacts[i].E164, OwnNumber)).ToArray());

        outcomes.Should().OnlyContain(o => o.Kind == RecordOutcomeKind.Written);
        log.Paths.Should().Contain(p => p.EndsWith("/batch/upsert", StringComparison.Ordinal))
            .And.NotContain(p => p.Contains("/associations/calls/contacts/batch/read", StringComparison.Ordinal))
            .And.NotContain(p => p.Contains("/batch/archive", StringComparison.Ordinal));
    }

    [Test]
    public async Task WriteAsync_OwnNumbersAndClientIdentities_NeverMatchAsTheCustomer()
    {
        // A contact whose number is also one of the call center's own lines (an agent saved it as a contact).
        var probe = await HubSpotHarness.StartAsync();
        var own = Unique(SeededContact.From(await probe.ContactsAsync()));
        await probe.DisposeAsync();
        var (harness, contacts) = await StartAsync(o => o.OwnNumbers.Add(own.E164));
        await using var _ = harness;

        var outcomes = await harness.WriteAsync(
            HubSpotHarness.Call("CA1", CallDirection.Inbound, own.E164, OwnNumber),
            HubSpotHarness.Call("CA2", CallDirection.Outbound, own.E164, "client:agent_7"),
            HubSpotHarness.Call("CA3", CallDirection.Unknown, own.E164, OwnNumber));

        foreach (var outcome in outcomes)
        {
            outcome.Kind.Should().Be(RecordOutcomeKind.Written);
            (await harness.CallContactsAsync(outcome.TargetId!)).Should().BeEmpty();
        }
    }

    [TestCase(HubSpotWriteMode.CreateOnly, "/crm/v3/objects/calls/batch/create", 1)]
    [TestCase(HubSpotWriteMode.Upsert, "/crm/v3/objects/calls/batch/upsert", 3)]
    public async Task WriteAsync_ServerErrorsOnEveryRequest_HttpClientRetriesOnlyTheIdempotentWrite(HubSpotWriteMode mode, string path, int expectedRequests)
    {
        // A create HubSpot may have acted on is not sent again by the HTTP client (a second create would duplicate the call
        // or meet a 409): the engine's whole-batch retry owns it. An upsert by the unique source call id is safe to repeat,
        // so the client retries it, at most 1 + Retry.MaxRetryAttempts times per request.
        var log = new RequestLog();
        var harness = await HubSpotHarness.StartAsync(
            configure: o =>
            {
                o.OwnNumbers.Add(OwnNumber);
                o.WriteMode = mode;
            },
            http: h => h.Builder.HttpClientBuilder.AddHttpMessageHandler(() => log));
        await using var _ = harness;
        var contact = Unique(SeededContact.From(await harness.ContactsAsync()));
        await harness.WriteAsync(HubSpotHarness.Call("CA-warm", CallDirection.Inbound, contact.E164, OwnNumber));
        harness.Simulator.ConfigureFaults(f => f with { HubSpot = f.HubSpot with { ErrorRate = 1 } });
        log.Clear();

        var act = FluentActions.Awaiting(() => harness.WriteAsync(HubSpotHarness.Call("CA-down", CallDirection.Inbound, contact.E164, OwnNumber)));

        (await act.Should().ThrowAsync<ConnectorException>()).Which.IsTransient.Should().BeTrue();
        log.Paths.Should().OnlyContain(p => p == path, "the caller's contact is cached, so the write is the only request");
        log.Paths.Should().HaveCount(expectedRequests);
    }

    [TestCase(HubSpotWriteMode.Upsert)]
    [TestCase(HubSpotWriteMode.CreateOnly)]
    [TestCase(HubSpotWriteMode.CreateOrUpdate)]
    public async Task WriteAsync_ResultsReorderedWithoutTheSourceCallId_EveryCallGetsItsOwnEngagement(HubSpotWriteMode mode)
    {
        var harness = await HubSpotHarness.StartAsync(
            configure: o =>
            {
                o.OwnNumbers.Add(OwnNumber);
                o.WriteMode = mode;
            },
            http: h => h.Builder.HttpClientBuilder.AddHttpMessageHandler(() => new BatchResultScrambler()));
        await using var _ = harness;
        var contacts = SeededContact.From(await harness.ContactsAsync()).Where(c => c.RawPhone.Length > 0).DistinctBy(c => c.E164).Take(3).ToList();
        var calls = contacts.Select((c, i) => HubSpotHarness.Call("CA-order-" + i, CallDirection.Inbound, c.E164, OwnNumber)).ToArray();

        var outcomes = await harness.WriteAsync(calls);

        outcomes.Should().OnlyContain(o => o.Kind == RecordOutcomeKind.Written);
        foreach (var (outcome, call) in outcomes.Zip(calls))
        {
            var engagement = await harness.CallAsync(outcome.TargetId!);
            engagement["properties"]!["callcrm_source_call_id"]!.GetValue<string>().Should().Be(call.Key, "a call's outcome must name its own engagement, not the one at its position");
        }
    }

    [Test]
    public async Task WriteAsync_429Storm_WaitsAndWritesEverything()
    {
        var (harness, contacts) = await StartAsync();
        await using var _ = harness;
        harness.Simulator.ConfigureFaults(f => f with { HubSpotTenSecondLimit = 2 });
        var outcomes = new List<RecordOutcome>();
        for (var batch = 0; batch < 4; batch++)
        {
            outcomes.AddRange(await harness.WriteAsync(HubSpotHarness.Call("CA" + batch, CallDirection.Inbound, contacts[batch].E164, OwnNumber)));
        }

        outcomes.Should().OnlyContain(o => o.Kind == RecordOutcomeKind.Written);
        var state = harness.Simulator.GetState();
        state.Throttled.Should().BePositive();
        state.HubSpotCalls.Should().Be(4);
    }

    [Test]
    public async Task WriteAsync_WrongToken_ThrowsAuthenticationFailedWithAFriendlyMessage()
    {
        var (harness, contacts) = await StartAsync(o => o.AccessToken = new Secret("pat-na1-wrong"));
        await using var _ = harness;

        var act = () => harness.WriteAsync(HubSpotHarness.Call("CA1", CallDirection.Inbound, "+12125550199", OwnNumber));

        var thrown = (await act.Should().ThrowAsync<ConnectorException>()).Which;
        thrown.Code.Should().Be(ConnectorErrorCode.AuthenticationFailed);
        thrown.IsTransient.Should().BeFalse();
        thrown.Error.GetUserMessage(System.Globalization.CultureInfo.InvariantCulture).Should().Contain("HubSpot").And.Contain("credentials").And.NotContain("pat-na1");
    }

    [Test]
    public async Task Capabilities_ReportBatchSizeUpsertConcurrencyAndTheClientsRequestTimeout()
    {
        await using var harness = await HubSpotHarness.StartAsync(contacts: 1, configure: o => o.Tier = HubSpotAccountTier.ApiLimitIncrease);

        harness.Sink.Name.Should().Be("hubspot");
        harness.Sink.Capabilities.MaxBatchSize.Should().Be(100);
        harness.Sink.Capabilities.SupportsUpsertByExternalId.Should().BeTrue();
        harness.Sink.Capabilities.MaxConcurrency.Should().Be(HubSpotCapabilities.MaxConcurrency);
        harness.Sink.Capabilities.RequestTimeout.Should().NotBeNull("the engine checks its attempt timeout against the HTTP client's total one");
    }
}
