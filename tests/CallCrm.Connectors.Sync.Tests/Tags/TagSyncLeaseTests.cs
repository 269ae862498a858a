using CallCrm.Connectors.Model;
using CallCrm.Connectors.State;
using CallCrm.Connectors.Storage.Sqlite;
using CallCrm.Connectors.Sync.Tags;
using CallCrm.Connectors.Sync.Tests.TestProviders;
using NodaTime;

namespace CallCrm.Connectors.Sync.Tests.Tags;

/// <summary>Several instances over one store: call-outcome tags are applied only under the tag stream's lease; without it they are
/// queued durably for the holder, never written and never lost.</summary>
public sealed class TagSyncLeaseTests : EngineTestBase
{
    private static readonly Instant T0 = Instant.FromUtc(2026, 5, 20, 9, 0);

    private InMemoryCustomerSource _crm = null!;
    private RecordingCallSystemSink _pbx = null!;
    private SqliteStreamLeaseProvider _leases = null!;

    [SetUp]
    public void SetUpProviders()
    {
        _crm = new InMemoryCustomerSource();
        _pbx = new RecordingCallSystemSink();
        _leases = new SqliteStreamLeaseProvider((SqliteStateStore)Store);
    }

    [Test]
    public async Task ApplyCallOutcomeAsync_WhileAnotherInstanceHoldsTheLease_WritesNothing_QueuesItDurably_AndTheHolderAppliesIt()
    {
        await using var engine = new SyncEngine(Store, Time) { Leases = _leases };
        var stream = await VipCustomerSyncedAsync(engine);
        var other = await _leases.TryAcquireStreamLeaseAsync("tags");

        var version = await stream.ApplyCallOutcomeAsync(NoAnswer());
        var drainedWhileHeld = await stream.DrainOutboxAsync();

        version.Should().BeNull("another instance holds the stream: the outcome is queued for it");
        drainedWhileHeld.Should().BeFalse("a drain without the lease is skipped");
        _pbx.Pushes.Should().ContainSingle("only the first run's push: nothing is written under another instance's lease");
        (await stream.GetHistoryAsync("c1")).Should().ContainSingle();
        (await Store.Outbox.GetStatisticsAsync("tags")).Depth.Should().Be(1, "the outcome waits durably in the shared outbox");

        await other!.DisposeAsync();
        (await stream.DrainOutboxAsync()).Should().BeTrue();

        _pbx.Tags["c1"].Should().BeEquivalentTo([new CustomerTag("vip"), new CustomerTag("last-call", "noanswer")]);
        _pbx.Pushes.Should().HaveCount(2);
        (await stream.GetHistoryAsync("c1")).Should().HaveCount(2);
        (await Store.Outbox.GetStatisticsAsync("tags")).Depth.Should().Be(0);
    }

    [Test]
    public async Task ApplyCallOutcomeAsync_FencedOutWhilePushing_ItsCommitIsRefused_AndTheOutcomeIsQueuedForTheNewHolder()
    {
        await using var engine = new SyncEngine(Store, Time) { Leases = _leases };
        var stream = await VipCustomerSyncedAsync(engine);
        IStreamLease? other = null;
        _pbx.Failure = _ =>
        {
            // A long pause at the call system: the lease expires and another instance takes the stream over meanwhile.
            _leases.Revoke("tags");
#pragma warning disable VSTHRD002 // The sink's failure hook is synchronous; the SQLite lease is taken at once.
            other = _leases.TryAcquireStreamLeaseAsync("tags").AsTask().GetAwaiter().GetResult();
#pragma warning restore VSTHRD002
            _pbx.Failure = null;
            return null;
        };

        var version = await stream.ApplyCallOutcomeAsync(NoAnswer());

        other.Should().NotBeNull();
        version.Should().BeNull("the fenced-out instance's settling commit is refused (LEASE_LOST), so it reports nothing applied");
        (await Store.Ledger.CountAsync("tags", DeliveryStatus.Pending)).Should().Be(1, "its confirmation is not recorded: the version committed before the push stays pending");
        (await Store.Outbox.GetStatisticsAsync("tags")).Depth.Should().Be(1, "the outcome is queued for the new holder");

        await other!.DisposeAsync();
        await stream.DrainOutboxAsync();
        Time.Advance(TimeSpan.FromMinutes(1));
        await stream.RunOnceAsync();

        _pbx.Tags["c1"].Should().BeEquivalentTo([new CustomerTag("vip"), new CustomerTag("last-call", "noanswer")]);
        (await Store.Outbox.GetStatisticsAsync("tags")).Depth.Should().Be(0, "nothing is lost or left behind");
        (await Store.Ledger.CountAsync("tags", DeliveryStatus.Pending)).Should().Be(0);
    }

    private static CallRecord NoAnswer() => Calls.Make(1, T0 + Duration.FromMinutes(3), customer: "c1") with { Status = CallStatus.NoAnswer };

    /// <summary>c1 holds <c>vip</c> in the CRM and has been synced once; <c>last-call</c> (the call's status) belongs to the call side.</summary>
    private async Task<TagSync> VipCustomerSyncedAsync(SyncEngine engine)
    {
        _crm.Change(new CustomerChange(new CustomerProfile { Id = "c1", Tags = [new CustomerTag("vip")], PhoneNumbers = [new PhoneNumber("138", "+8613800000000")] }, T0, null));
        var rules = new TagOwnershipOptions();
        rules.Owners["last-call"] = TagOwner.CallSystem;
        var stream = engine.AddTagStream(new TagStreamDefinition("tags", _crm, _pbx)
        {
            Options = FastOptions(),
            Ownership = rules,
            EngineIdentity = "callcrm-connector",
            CallOutcomeTags = call => [new CustomerTag("last-call", call.Status.ToString().ToLowerInvariant())],
        });
        await stream.RunOnceAsync();
        return stream;
    }
}
