using CallCrm.Connectors.Errors;
using CallCrm.Connectors.Model;
using CallCrm.Connectors.State;
using CallCrm.Connectors.Sync.Health;
using CallCrm.Connectors.Sync.Tags;
using CallCrm.Connectors.Sync.Tests.TestProviders;
using NodaTime;

namespace CallCrm.Connectors.Sync.Tests.Tags;

/// <summary>Tag sync's degraded mode: the call system goes away, updates wait in the outbox, and replay once, in order, after recovery.</summary>
public sealed class TagSyncOutageTests : EngineTestBase
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

    private TagSync NewStream(SyncEngine? engine = null, int breakerThroughput = 2) =>
        (engine ?? NewEngine()).AddTagStream(new TagStreamDefinition("tags", _crm, _pbx)
        {
            Options = FastOptions(o =>
            {
                o.MaxBatchSize = 5;
                o.ChannelCapacity = 5;
                o.Resilience.BreakerMinimumThroughput = breakerThroughput;
                o.Resilience.BreakDuration = TimeSpan.FromSeconds(30);
            }),
            Ownership = new TagOwnershipOptions { Owners = { ["last-call"] = TagOwner.CallSystem } },
            CallOutcomeTags = call => [new CustomerTag("last-call", call.Status.ToString().ToLowerInvariant())],
        });

    private static CustomerChange Change(string id, Instant at, params CustomerTag[] tags) =>
        new(new CustomerProfile { Id = id, Tags = tags, PhoneNumbers = [new PhoneNumber("138", "+8613800000000")] }, at, null);

    private void ChangeAll(int customers, Instant at, string segment)
    {
        for (var i = 0; i < customers; i++)
        {
            _crm.Change(Change($"c{i:D2}", at, new CustomerTag("segment", segment)));
        }
    }

    [Test]
    public async Task RunOnceAsync_CallSystemDownMidRunThenRestart_BuffersAndReplaysEachCustomerInOrderOnce()
    {
        ChangeAll(30, T0, "a");
        var engine = NewEngine();
        var stream = NewStream(engine);
        (await stream.RunOnceAsync()).Written.Should().Be(30);

        // Second round of changes: the call system goes away after the first few and comes back before the end of the read.
        ChangeAll(30, T0 + Duration.FromMinutes(5), "b");
        _crm.OnYield = i => _pbx.Down = i switch
        {
            8 => true,
            22 => false,
            _ => _pbx.Down,
        };
        Time.Advance(TimeSpan.FromMinutes(10));
        var degraded = await stream.RunOnceAsync();

        degraded.Read.Should().Be(30);
        degraded.Buffered.Should().BeGreaterThan(0, "updates refused while the call system was down are buffered, not lost");
        (await Store.Checkpoints.GetAsync("tags")).Should().NotBeNull();
        var buffered = await Store.Ledger.GetAsync("tags", ["c29"]);

        // While the outbox holds updates, a call outcome for a waiting customer queues behind that customer's update.
        _crm.OnYield = null;
        _pbx.Down = true;
        var outcome = await stream.ApplyCallOutcomeAsync(Calls.Make(1, T0 + Duration.FromMinutes(7), customer: "c29") with { Status = CallStatus.NoAnswer });
        outcome!.Version.Should().Be(3);
        (await stream.GetHealthAsync()).OutboxDepth.Should().BeGreaterThan(0);

        // Restart with the call system back: nothing is lost and the outbox drains.
        await engine.DisposeAsync();
        await RestartStoreAsync();
        _pbx.Down = false;
        Time.Advance(TimeSpan.FromMinutes(1));
        var restarted = NewStream();
        await restarted.RunOnceAsync();

        (await restarted.GetHealthAsync()).OutboxDepth.Should().Be(0);
        (await Store.DeadLetters.CountAsync("tags")).Should().Be(0);
        _pbx.Pushes.Select(p => p.Key).Should().OnlyHaveUniqueItems("no update reaches the call system twice");
        foreach (var customer in _pbx.Pushes.GroupBy(p => p.CustomerId))
        {
            customer.Select(p => p.Version).Should().BeInAscendingOrder("the outbox replays one customer's updates in order");
        }

        for (var i = 0; i < 30; i++)
        {
            var id = $"c{i:D2}";
            var latest = await restarted.GetHistoryAsync(id);
            _pbx.Tags[id].Should().BeEquivalentTo(latest[^1].Tags, "the history's latest version is what the call system holds");
        }

        _pbx.Tags["c29"].Should().BeEquivalentTo([new CustomerTag("segment", "b"), new CustomerTag("last-call", "noanswer")]);
        _pbx.Pushes.Where(p => p.CustomerId == "c29").Select(p => p.Version).Should().Equal(1, 2, 3);
        buffered["c29"].Status.Should().Be(DeliveryStatus.Pending, "c29 was read while the call system was down");
        (await Store.Ledger.GetAsync("tags", ["c29"]))["c29"].Status.Should().Be(DeliveryStatus.Delivered);
    }

    [Test]
    public async Task RollbackRunAsync_OfRunWhoseUpdatesWereBuffered_RestoresExactlyAfterTheOutboxDrains()
    {
        ChangeAll(4, T0, "a");
        var stream = NewStream();
        await stream.RunOnceAsync();
        ChangeAll(4, T0 + Duration.FromMinutes(5), "b");
        _pbx.Down = true;
        Time.Advance(TimeSpan.FromMinutes(10));
        var degraded = await stream.RunOnceAsync();
        degraded.Buffered.Should().Be(4);

        // The rollback is recorded and queued behind the buffered updates it undoes.
        var rollback = await stream.RollbackRunAsync(degraded.RunId, "operator:alice");
        rollback.Applied.Should().HaveCount(4);
        _pbx.Down = false;
        Time.Advance(TimeSpan.FromMinutes(1));
        (await stream.DrainOutboxAsync()).Should().BeTrue();

        for (var i = 0; i < 4; i++)
        {
            var id = $"c{i:D2}";
            _pbx.Tags[id].Should().BeEquivalentTo([new CustomerTag("segment", "a")]);
            _pbx.Pushes.Where(p => p.CustomerId == id).Select(p => p.Version).Should().Equal(1, 2, 3);
            var history = await stream.GetHistoryAsync(id);
            history[^1].PreviousTags.Should().BeEquivalentTo([new CustomerTag("segment", "b")], "version 2 was delivered before the rollback");
        }
    }

    [Test]
    public async Task ApplyCallOutcomeAsync_WhileOutboxHoldsUpdates_QueuesBehindThemEvenWhenTheCallSystemIsBack()
    {
        ChangeAll(3, T0, "a");
        _pbx.Down = true;

        // A breaker that stays closed: the call system is reachable again as soon as it is back.
        var stream = NewStream(breakerThroughput: 1_000);
        (await stream.RunOnceAsync()).Buffered.Should().Be(3);
        (await stream.GetHealthAsync()).Circuit.Should().Be(CircuitStatus.Closed);

        // Back, but nothing drained yet: the newer update must not overtake the buffered one.
        _pbx.Down = false;
        var version = await stream.ApplyCallOutcomeAsync(Calls.Make(1, T0 + Duration.FromMinutes(5), customer: "c00") with { Status = CallStatus.Busy });
        version!.Version.Should().Be(2);
        _pbx.Pushes.Should().BeEmpty();
        (await stream.GetHealthAsync()).OutboxDepth.Should().Be(4);

        (await stream.DrainOutboxAsync()).Should().BeTrue();

        _pbx.Pushes.Where(p => p.CustomerId == "c00").Select(p => p.Version).Should().Equal(1, 2);
        _pbx.Tags["c00"].Should().BeEquivalentTo([new CustomerTag("segment", "a"), new CustomerTag("last-call", "busy")]);
        _pbx.Pushes.Select(p => p.Key).Should().OnlyHaveUniqueItems();
    }

    [Test]
    public async Task RunOnceAsync_CallSystemRefusesWholeBatchForOneCustomer_IsolatesItAndPushesTheRest()
    {
        ChangeAll(5, T0, "a");
        _pbx.BatchFailure = batch => batch.Any(u => u.CustomerId == "c03")
            ? new ConnectorError { Code = ConnectorErrorCode.ValidationFailed, HttpStatus = 422, TechnicalDetail = "customer c03 unknown" }
            : null;
        var stream = NewStream();

        var report = await stream.RunOnceAsync();

        report.Written.Should().Be(4);
        report.DeadLettered.Should().Be(1);
        _pbx.Tags.Keys.Should().BeEquivalentTo(["c00", "c01", "c02", "c04"]);
        var dead = (await Store.DeadLetters.ListAsync(new DeadLetterQuery("tags"))).Should().ContainSingle().Subject;
        dead.Message.Key.Should().Be("c03@1");
        dead.Message.ErrorCode.Should().Be("VALIDATION_FAILED");
        (await Store.TagHistory.GetLatestAsync(_pbx.Name, "c03"))!.Tags.Should().BeEmpty("the call system still holds what it held before");
        _pbx.Calls.Should().BeLessThan(10, "the bad update is found by bisection, not one write per update");
    }
}
