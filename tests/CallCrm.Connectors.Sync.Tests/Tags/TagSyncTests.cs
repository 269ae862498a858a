using CallCrm.Connectors.Errors;
using CallCrm.Connectors.Model;
using CallCrm.Connectors.Providers;
using CallCrm.Connectors.State;
using CallCrm.Connectors.Sync.Tags;
using CallCrm.Connectors.Sync.Tests.TestProviders;
using NodaTime;

namespace CallCrm.Connectors.Sync.Tests.Tags;

public sealed class TagSyncTests : EngineTestBase
{
    private static readonly Instant T0 = Instant.FromUtc(2026, 5, 20, 9, 0);

    private InMemoryCustomerSource _crm = null!;
    private RecordingCallSystemSink _pbx = null!;

    [SetUp]
    public void SetUpProviders()
    {
        _crm = new InMemoryCustomerSource();
        _pbx = new RecordingCallSystemSink();
    }

    private TagSync NewStream(Action<TagOwnershipOptions>? ownership = null, Func<CallRecord, IReadOnlyList<CustomerTag>>? outcomes = null, ICrmTagSink? crmTags = null)
    {
        var rules = new TagOwnershipOptions();
        ownership?.Invoke(rules);
        return NewEngine().AddTagStream(new TagStreamDefinition("tags", _crm, _pbx)
        {
            Options = FastOptions(),
            Ownership = rules,
            EngineIdentity = "callcrm-connector",
            CallOutcomeTags = outcomes,
            CrmTagSink = crmTags,
        });
    }

    private static CustomerChange Change(string id, Instant at, string? changedBy = null, params CustomerTag[] tags) =>
        new(new CustomerProfile { Id = id, Tags = tags, PhoneNumbers = [new PhoneNumber("138", "+8613800000000")] }, at, changedBy);

    /// <summary>c1 holds <c>vip</c> in the CRM and has been synced once; <c>last-call</c> (the call's status) belongs to the call side.</summary>
    private async Task<TagSync> VipCustomerSyncedAsync(ICrmTagSink crm)
    {
        _crm.Change(Change("c1", T0, null, new CustomerTag("vip")));
        var stream = NewStream(
            rules => rules.Owners["last-call"] = TagOwner.CallSystem,
            call => [new CustomerTag("last-call", call.Status.ToString().ToLowerInvariant())],
            crm);
        await stream.RunOnceAsync();
        return stream;
    }

    [Test]
    public async Task RunOnceAsync_StopAskedMidRead_PushesWhatWasReadReadsNoMoreAndTheNextRunGoesOn()
    {
        for (var i = 0; i < 120; i++)
        {
            _crm.Change(Change($"c{i:D3}", T0 + Duration.FromSeconds(i), null, new CustomerTag("segment", $"s{i}")));
        }

        using var stop = new CancellationTokenSource();
        _crm.OnYield = index =>
        {
            if (index == 70)
            {
                // From inside the reader, before change 70 is handed over: the 70 read before it are in the pipeline.
#pragma warning disable CA1849 // The reader's callback is synchronous.
                stop.Cancel();
#pragma warning restore CA1849
            }
        };
        var stream = NewStream();

        var report = await stream.RunOnceAsync(new SyncRunOptions { StoppingToken = stop.Token });

        report.Outcome.Should().Be(SyncRunOutcome.Stopped);
        report.Read.Should().Be(70);
        report.Written.Should().Be(70);
        _pbx.Tags.Keys.Should().BeEquivalentTo(Enumerable.Range(0, 70).Select(i => $"c{i:D3}"));
        (await Store.Checkpoints.GetAsync("tags")).Should().Be(new Checkpoints.WatermarkCheckpoint(T0 + Duration.FromSeconds(69), "c069"));

        _crm.OnYield = null;
        var next = await NewStream().RunOnceAsync();

        next.Outcome.Should().Be(SyncRunOutcome.Completed);
        _pbx.Tags.Should().HaveCount(120);
        _pbx.Pushes.GroupBy(p => p.CustomerId).Should().AllSatisfy(g => g.Should().ContainSingle(), "each customer's tags are pushed once");
    }

    [Test]
    public async Task RunOnceAsync_CrmTags_ArePushedAndVersionedWithTheTagsTheyReplaced()
    {
        _crm.Change(Change("c1", T0, null, new CustomerTag("vip"), new CustomerTag("language", "zh-CN")));
        var stream = NewStream();

        var first = await stream.RunOnceAsync();
        _crm.Change(Change("c1", T0 + Duration.FromMinutes(5), null, new CustomerTag("vip")));
        Time.Advance(TimeSpan.FromMinutes(1));
        var second = await stream.RunOnceAsync();

        first.Written.Should().Be(1);
        second.Written.Should().Be(1);
        _pbx.Tags["c1"].Should().BeEquivalentTo([new CustomerTag("vip")]);
        var history = await stream.GetHistoryAsync("c1");
        history.Should().HaveCount(2);
        history[0].Version.Should().Be(1);
        history[0].PreviousTags.Should().BeEmpty();
        history[1].Version.Should().Be(2);
        history[1].PreviousTags.Should().BeEquivalentTo([new CustomerTag("language", "zh-CN"), new CustomerTag("vip")]);
        history[1].Tags.Should().BeEquivalentTo([new CustomerTag("vip")]);
        history[1].RunId.Should().Be(second.RunId);
        history[1].Origin.Should().Be("memory-crm");
        _pbx.Pushes.Select(p => p.Version).Should().Equal(1, 2);
    }

    [Test]
    public async Task RunOnceAsync_OwnWriteComingBack_IsNotEchoed()
    {
        _crm.Change(Change("c1", T0, null, new CustomerTag("vip")));
        var stream = NewStream();
        await stream.RunOnceAsync();

        // The CRM reports the SDK's own write back (by the connector's identity), then an unchanged copy by someone else.
        _crm.Change(Change("c1", T0 + Duration.FromMinutes(1), "callcrm-connector", new CustomerTag("vip"), new CustomerTag("stale")));
        Time.Advance(TimeSpan.FromMinutes(1));
        var echo = await stream.RunOnceAsync();
        _crm.Change(Change("c1", T0 + Duration.FromMinutes(2), "workflow", new CustomerTag("vip")));
        Time.Advance(TimeSpan.FromMinutes(1));
        var same = await stream.RunOnceAsync();

        echo.Written.Should().Be(0);
        same.Written.Should().Be(0);
        _pbx.Pushes.Should().ContainSingle("neither the echo nor an unchanged tag set is pushed again");
        (await stream.GetHistoryAsync("c1")).Should().ContainSingle();
    }

    [Test]
    public async Task ApplyCallOutcomeAsync_CallOwnedTag_MergesWithCrmTagsAndCrmCannotOverwriteIt()
    {
        _crm.Change(Change("c1", T0, null, new CustomerTag("vip")));
        var stream = NewStream(
            rules => rules.Owners["last-call"] = TagOwner.CallSystem,
            call => [new CustomerTag("last-call", call.Status.ToString().ToLowerInvariant())]);
        await stream.RunOnceAsync();

        var call = Calls.Make(1, T0 + Duration.FromMinutes(3), customer: "c1") with { Status = CallStatus.NoAnswer };
        var version = await stream.ApplyCallOutcomeAsync(call);
        _crm.Change(Change("c1", T0 + Duration.FromMinutes(10), null, new CustomerTag("vip"), new CustomerTag("complaint"), new CustomerTag("last-call", "completed")));
        Time.Advance(TimeSpan.FromMinutes(1));
        await stream.RunOnceAsync();

        version!.Tags.Should().BeEquivalentTo([new CustomerTag("vip"), new CustomerTag("last-call", "noanswer")]);
        _pbx.Tags["c1"].Should().BeEquivalentTo(
            [new CustomerTag("vip"), new CustomerTag("complaint"), new CustomerTag("last-call", "noanswer")],
            "the CRM owns vip and complaint, the call side owns last-call");
    }

    [Test]
    public async Task ApplyCallOutcomeAsync_WithCrmTagSink_WritesTheVersionsTagsIntoTheCrmAndTheEchoIsNotPushedAgain()
    {
        var crm = new RecordingCrmTagSink();
        var stream = await VipCustomerSyncedAsync(crm);

        var version = await stream.ApplyCallOutcomeAsync(Calls.Make(1, T0 + Duration.FromMinutes(3), customer: "c1") with { Status = CallStatus.Busy });

        crm.Writes.Should().ContainSingle().Which.Version.Should().Be(version!.Version);
        crm.Tags["c1"].Should().BeEquivalentTo([new CustomerTag("vip"), new CustomerTag("last-call", "busy")]);

        // The CRM reports the write back as a change by its API user: the merged tags equal the latest version, so nothing is pushed.
        _crm.Change(Change("c1", T0 + Duration.FromMinutes(4), "integration-user", [.. crm.Tags["c1"]]));
        Time.Advance(TimeSpan.FromMinutes(1));
        var echo = await stream.RunOnceAsync();
        echo.Written.Should().Be(0);
        _pbx.Pushes.Should().HaveCount(2);
    }

    [Test]
    public async Task ApplyCallOutcomeAsync_WithCrmTagSink_AgentEditSinceTheLastRunIsReadFirstAndNotOverwritten()
    {
        // One CRM: what the tag sink writes, the change feed reports back (by the API user, at the time of the write).
        var crm = new RecordingCrmTagSink();
        crm.OnWrite = u => _crm.Change(Change(u.CustomerId, Instant.FromDateTimeOffset(Time.GetUtcNow()), "integration-user", [.. u.Tags]));
        var stream = await VipCustomerSyncedAsync(crm);

        // An agent adds a tag in the CRM after the last tag run; the call's outcome arrives before the next run.
        _crm.Change(Change("c1", T0 + Duration.FromMinutes(5), "agent", new CustomerTag("vip"), new CustomerTag("complaint")));
        Time.Advance(TimeSpan.FromMinutes(1));
        var version = await stream.ApplyCallOutcomeAsync(Calls.Make(1, T0 + Duration.FromMinutes(6), customer: "c1") with { Status = CallStatus.Busy });

        IReadOnlyList<CustomerTag> expected = [new CustomerTag("vip"), new CustomerTag("complaint"), new CustomerTag("last-call", "busy")];
        _crm.Current("c1")!.Customer.Tags.Should().BeEquivalentTo(expected, "the agent's unread tag must survive the call outcome written into the CRM");
        version!.Tags.Should().BeEquivalentTo(expected);
        _pbx.Tags["c1"].Should().BeEquivalentTo(expected, "the agent's tag reaches the call system");

        // The next run reads the CRM's echo of the write: nothing changes, nothing is pushed again.
        Time.Advance(TimeSpan.FromMinutes(1));
        var next = await stream.RunOnceAsync();
        next.Written.Should().Be(0);
        _pbx.Tags["c1"].Should().BeEquivalentTo(expected);
        _crm.Current("c1")!.Customer.Tags.Should().BeEquivalentTo(expected);
    }

    [Test]
    public async Task ApplyCallOutcomeAsync_WithCrmTagSink_CrmUnreadable_CallSystemGetsTheOutcomeAndTheCrmIsNotWritten()
    {
        var crm = new RecordingCrmTagSink();
        _crm.Change(Change("c1", T0, null, new CustomerTag("vip")));
        var stream = NewStream(rules => rules.Owners["last-call"] = TagOwner.CallSystem, call => [new CustomerTag("last-call", "busy")], crm);
        await stream.RunOnceAsync();
        _crm.OnYield = _ => throw new ConnectorException(new ConnectorError { Code = ConnectorErrorCode.ServiceUnavailable, IsTransient = true });

        var version = await stream.ApplyCallOutcomeAsync(Calls.Make(1, T0 + Duration.FromMinutes(3), customer: "c1"));

        version.Should().NotBeNull();
        _pbx.Tags["c1"].Should().BeEquivalentTo([new CustomerTag("vip"), new CustomerTag("last-call", "busy")]);
        crm.Writes.Should().BeEmpty("the CRM's current tags could not be read, so writing the whole set could erase an edit");
        (await stream.GetHealthAsync()).LastError!.Code.Value.Should().Be("SERVICE_UNAVAILABLE");
    }

    [Test]
    public async Task ApplyCallOutcomeAsync_CrmRefusesTheTags_CallSystemKeepsThemAndHealthShowsTheError()
    {
        var crm = new RecordingCrmTagSink { Failure = _ => new ConnectorError { Code = ConnectorErrorCode.NotFound, HttpStatus = 404 } };
        var stream = NewStream(rules => rules.Owners["last-call"] = TagOwner.CallSystem, call => [new CustomerTag("last-call", "busy")], crm);

        var version = await stream.ApplyCallOutcomeAsync(Calls.Make(1, T0, customer: "c1"));

        version.Should().NotBeNull("the call system's side is committed whatever the CRM says");
        _pbx.Tags["c1"].Should().BeEquivalentTo([new CustomerTag("last-call", "busy")]);
        crm.Tags.Should().BeEmpty();
        (await stream.GetHealthAsync()).LastError!.Code.Value.Should().Be("NOT_FOUND");
    }

    [Test]
    public async Task ApplyCallOutcomeAsync_CrmOwnedTag_IsIgnored()
    {
        _crm.Change(Change("c1", T0, null, new CustomerTag("vip")));
        var stream = NewStream(outcomes: _ => [new CustomerTag("vip", "downgraded")]);
        await stream.RunOnceAsync();

        var version = await stream.ApplyCallOutcomeAsync(Calls.Make(1, T0 + Duration.FromMinutes(3), customer: "c1"));

        version.Should().BeNull();
        _pbx.Tags["c1"].Should().BeEquivalentTo([new CustomerTag("vip")]);
    }

    [Test]
    public async Task RunOnceAsync_LastWriterWins_TheLaterSourceTimestampWins()
    {
        _crm.Change(Change("c1", T0, null, new CustomerTag("priority", "normal")));
        var stream = NewStream(
            rules => rules.Owners["priority"] = TagOwner.LastWriterWins,
            call => [new CustomerTag("priority", "high")]);
        await stream.RunOnceAsync();

        // A call at 09:30 raises the priority; a CRM change made at 09:20 but read later must not undo it.
        await stream.ApplyCallOutcomeAsync(Calls.Make(1, T0 + Duration.FromMinutes(30), customer: "c1"));
        _crm.Change(Change("c1", T0 + Duration.FromMinutes(20), null, new CustomerTag("priority", "low")));
        Time.Advance(TimeSpan.FromMinutes(1));
        await stream.RunOnceAsync();
        _pbx.Tags["c1"].Should().BeEquivalentTo([new CustomerTag("priority", "high")]);

        // A CRM change made after the call wins.
        _crm.Change(Change("c1", T0 + Duration.FromMinutes(40), null, new CustomerTag("priority", "low")));
        Time.Advance(TimeSpan.FromMinutes(1));
        await stream.RunOnceAsync();
        _pbx.Tags["c1"].Should().BeEquivalentTo([new CustomerTag("priority", "low")]);
    }

    [Test]
    public async Task RollbackCustomerAsync_ToEarlierVersion_RestoresTagsExactlyAndIsIdempotent()
    {
        var stream = NewStream();
        _crm.Change(Change("c1", T0, null, new CustomerTag("vip"), new CustomerTag("language", "zh-CN")));
        await stream.RunOnceAsync();
        _crm.Change(Change("c1", T0 + Duration.FromMinutes(5), null, new CustomerTag("churn-risk")));
        Time.Advance(TimeSpan.FromMinutes(1));
        await stream.RunOnceAsync();

        var rollback = await stream.RollbackCustomerAsync("c1", 1, "operator:alice");
        var again = await stream.RollbackCustomerAsync("c1", 1, "operator:alice");

        _pbx.Tags["c1"].Should().BeEquivalentTo([new CustomerTag("vip"), new CustomerTag("language", "zh-CN")]);
        rollback.Applied.Should().ContainSingle();
        rollback.Applied[0].Kind.Should().Be(TagChangeKind.Rollback);
        rollback.Applied[0].Origin.Should().Be("operator:alice");
        rollback.Applied[0].PreviousTags.Should().BeEquivalentTo([new CustomerTag("churn-risk")]);
        again.Applied.Should().BeEmpty("the tags already match version 1");
        (await stream.GetHistoryAsync("c1")).Select(v => v.Version).Should().Equal(1, 2, 3);
        _pbx.Pushes.Should().HaveCount(3);
    }

    [Test]
    public async Task RollbackCustomerAsync_NextRunsLookBackRereadsTheRolledBackChange_RollbackHoldsUntilTheCrmChangesAgain()
    {
        var stream = NewStream();
        _crm.Change(Change("c1", T0, null, new CustomerTag("vip")));
        await stream.RunOnceAsync();
        _crm.Change(Change("c1", T0 + Duration.FromMinutes(2), null, new CustomerTag("churn-risk")));
        Time.Advance(TimeSpan.FromMinutes(1));
        await stream.RunOnceAsync();
        await stream.RollbackCustomerAsync("c1", 1, "operator:alice");

        // The checkpoint is at the rolled-back change; the look-back reads it again.
        Time.Advance(TimeSpan.FromMinutes(1));
        var again = await stream.RunOnceAsync();

        again.Read.Should().Be(1, "the look-back re-reads the rolled-back change");
        again.Written.Should().Be(0);
        _pbx.Tags["c1"].Should().BeEquivalentTo([new CustomerTag("vip")], "a rollback holds until the CRM changes again");
        (await stream.GetHistoryAsync("c1")).Select(v => v.Version).Should().Equal(1, 2, 3);

        // A CRM edit newer than the rolled-back change is pushed.
        _crm.Change(Change("c1", T0 + Duration.FromMinutes(3), "agent", new CustomerTag("churn-risk"), new CustomerTag("complaint")));
        Time.Advance(TimeSpan.FromMinutes(1));
        var newer = await stream.RunOnceAsync();

        newer.Written.Should().Be(1);
        _pbx.Tags["c1"].Should().BeEquivalentTo([new CustomerTag("churn-risk"), new CustomerTag("complaint")]);
        (await stream.GetHistoryAsync("c1")).Select(v => v.Version).Should().Equal(1, 2, 3, 4);
    }

    [Test]
    public async Task RollbackRunAsync_UndoesEveryChangeOfThatRunOnly()
    {
        var stream = NewStream();
        _crm.Change(Change("c1", T0, null, new CustomerTag("vip")));
        _crm.Change(Change("c2", T0, null, new CustomerTag("language", "en")));
        _crm.Change(Change("c3", T0, null, new CustomerTag("complaint")));
        await stream.RunOnceAsync();
        _crm.Change(Change("c1", T0 + Duration.FromMinutes(5), null, new CustomerTag("blocked")));
        _crm.Change(Change("c2", T0 + Duration.FromMinutes(5), null, new CustomerTag("blocked")));
        Time.Advance(TimeSpan.FromMinutes(1));
        var badRun = await stream.RunOnceAsync();

        var rollback = await stream.RollbackRunAsync(badRun.RunId, "operator:bob");
        var again = await stream.RollbackRunAsync(badRun.RunId, "operator:bob");

        _pbx.Tags["c1"].Should().BeEquivalentTo([new CustomerTag("vip")]);
        _pbx.Tags["c2"].Should().BeEquivalentTo([new CustomerTag("language", "en")]);
        _pbx.Tags["c3"].Should().BeEquivalentTo([new CustomerTag("complaint")]);
        rollback.Applied.Select(v => v.CustomerId).Should().BeEquivalentTo(["c1", "c2"]);
        (await Store.TagHistory.GetByRunAsync(rollback.RollbackRunId)).Should().HaveCount(2, "the rollback is itself recorded");
        again.Applied.Should().BeEmpty();
    }

    [Test]
    public async Task RunOnceAsync_CallSystemRefusesCustomer_DeadLettersAndHistoryStaysTrue()
    {
        _pbx.Failure = u => u.CustomerId == "c2" ? new ConnectorError { Code = ConnectorErrorCode.NotFound, HttpStatus = 404 } : null;
        _crm.Change(Change("c1", T0, null, new CustomerTag("vip")));
        _crm.Change(Change("c2", T0, null, new CustomerTag("vip")));
        var stream = NewStream();

        var report = await stream.RunOnceAsync();

        report.Written.Should().Be(1);
        report.DeadLettered.Should().Be(1);
        var dead = await Store.DeadLetters.ListAsync(new DeadLetterQuery("tags"));
        dead.Single().Message.ErrorCode.Should().Be("NOT_FOUND");
        var latest = await Store.TagHistory.GetLatestAsync(_pbx.Name, "c2");
        latest!.Tags.Should().BeEmpty("the call system still holds what it held before the refused push");

        Time.Advance(TimeSpan.FromMinutes(1));
        var again = await stream.RunOnceAsync();
        again.DeadLettered.Should().Be(0, "a change re-read in the look-back window is not dead-lettered twice");
        (await Store.DeadLetters.CountAsync("tags")).Should().Be(1);
    }

    [Test]
    public async Task RunOnceAsync_CallSystemDownAfterBackupWasTaken_BuffersTheVersionAndTheNextRunPushesItOnce()
    {
        var down = true;
        _pbx.Failure = _ => down ? new ConnectorError { Code = ConnectorErrorCode.ServiceUnavailable, IsTransient = true } : null;
        _crm.Change(Change("c1", T0, null, new CustomerTag("vip")));
        var stream = NewStream();

        var degraded = await stream.RunOnceAsync();
        degraded.Buffered.Should().Be(1);
        (await Store.Checkpoints.GetAsync("tags")).Should().NotBeNull("the buffered update is durable, so the checkpoint passes it");
        (await stream.GetHealthAsync()).OutboxDepth.Should().Be(1);

        down = false;
        Time.Advance(TimeSpan.FromMinutes(1));
        var report = await stream.RunOnceAsync();

        report.Written.Should().Be(1);
        _pbx.Pushes.Should().ContainSingle().Which.Version.Should().Be(1);
        (await stream.GetHistoryAsync("c1")).Should().ContainSingle();
        (await stream.GetHealthAsync()).OutboxDepth.Should().Be(0);
    }
}
