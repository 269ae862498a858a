using System.Text;
using CallCrm.Connectors.Checkpoints;
using CallCrm.Connectors.State;
using CallCrm.Connectors.Sync.Internal;
using Microsoft.Extensions.Logging.Abstractions;
using NodaTime;

namespace CallCrm.Connectors.Sync.Tests.Internal;

public sealed class CallStateCommitterTests : EngineTestBase
{
    private const string Stream = "calls";
    private static readonly Instant T = Instant.FromUtc(2026, 5, 1, 8, 0);
    private static readonly WatermarkCheckpoint Stored = new(T, "call-5");

    private SemaphoreSlim _commitLock = null!;
    private CancellationTokenSource _runCancellation = null!;
    private StreamOutbox _outbox = null!;

    [SetUp]
    public void SetUpCommitter()
    {
        _commitLock = new SemaphoreSlim(1, 1);
        _runCancellation = new CancellationTokenSource();
        _outbox = new StreamOutbox(Stream, Store, Time, 10, _commitLock, NullLogger.Instance);
    }

    [TearDown]
    public void TearDownCommitter()
    {
        _outbox.Dispose();
        _commitLock.Dispose();
        _runCancellation.Dispose();
    }

    [Test]
    public async Task CommitAsync_LookBackReReadBeforeTheStoredWatermark_LeavesTheWatermarkWhereItWas()
    {
        await Store.Checkpoints.SetAsync(Stream, Stored);
        var run = Run(floor: Stored);
        var slot = run.Tracker.Register(new WatermarkCheckpoint(T - Duration.FromMinutes(2), "call-3"), stops: false);

        await Committer().CommitAsync(new StateCommit(Stream) { LedgerEntries = [Entry("call-3")] }, run, slot, CancellationToken.None);

        (await Store.Checkpoints.GetAsync(Stream)).Should().Be(Stored, "a look-back re-read never moves the stored watermark back");
        (await Store.Ledger.GetAsync(Stream, ["call-3"])).Should().ContainKey("call-3", "the batch's outcome is still committed");
    }

    [Test]
    public async Task CommitAsync_LookBackReReadFoundARecordNotFinal_MovesTheWatermarkBackJustBeforeIt()
    {
        await Store.Checkpoints.SetAsync(Stream, Stored);
        var run = Run(floor: Stored);
        var before = new WatermarkCheckpoint(T - Duration.FromMinutes(2), "call-3");
        var slot = run.Tracker.Register(before, stops: true);

        await Committer().CommitAsync(new StateCommit(Stream), run, slot, CancellationToken.None);

        (await Store.Checkpoints.GetAsync(Stream)).Should().Be(before, "the record that is not final must be read again");
    }

    [Test]
    public async Task CommitAsync_PastTheStoredWatermark_MovesItForward()
    {
        await Store.Checkpoints.SetAsync(Stream, Stored);
        var run = Run(floor: Stored);
        var after = new WatermarkCheckpoint(T + Duration.FromMinutes(1), "call-6");
        var slot = run.Tracker.Register(after, stops: false);

        await Committer().CommitAsync(new StateCommit(Stream), run, slot, CancellationToken.None);

        (await Store.Checkpoints.GetAsync(Stream)).Should().Be(after);
    }

    [Test]
    public async Task CommitAsync_WithoutRun_CommitsNoCheckpoint()
    {
        await Store.Checkpoints.SetAsync(Stream, Stored);
        var run = Run(floor: null);
        var slot = run.Tracker.Register(new WatermarkCheckpoint(T + Duration.FromMinutes(1), "call-6"), stops: false);

        await Committer().CommitAsync(new StateCommit(Stream) { LedgerEntries = [Entry("call-6")] }, null, slot, CancellationToken.None);
        await Committer().CommitAsync(new StateCommit(Stream) { LedgerEntries = [Entry("call-7")] }, run, null, CancellationToken.None);

        (await Store.Checkpoints.GetAsync(Stream)).Should().Be(Stored);
        (await Store.Ledger.GetAsync(Stream, ["call-6", "call-7"])).Should().HaveCount(2);
    }

    [Test]
    public async Task CommitAsync_OnlyDeadLetters_AreCommitted()
    {
        var dead = new DeadLetterMessage(Stream, "call-1", "INVALID", "invalid", "test", Encoding.UTF8.GetBytes("x"), T, 1);

        await Committer().CommitAsync(new StateCommit(Stream) { DeadLetters = [dead] }, null, null, CancellationToken.None);

        (await Store.DeadLetters.CountAsync(Stream)).Should().Be(1);
    }

    [Test]
    public async Task CommitAsync_OnlyOutboxMessages_AreCommittedAndTheOutboxHoldsRecords()
    {
        (await _outbox.RefreshStateAsync(CancellationToken.None)).Should().BeTrue();

        await Committer().CommitAsync(new StateCommit(Stream) { OutboxMessages = [Message("call-1")] }, null, null, CancellationToken.None);

        (await Store.Outbox.GetStatisticsAsync(Stream)).Depth.Should().Be(1);
        _outbox.HoldsRecords.Should().BeTrue();
    }

    [Test]
    public async Task CommitAsync_OnlyLedgerEntries_LeavesTheOutboxStateAlone()
    {
        (await _outbox.RefreshStateAsync(CancellationToken.None)).Should().BeTrue();

        await Committer().CommitAsync(new StateCommit(Stream) { LedgerEntries = [Entry("call-1")] }, null, null, CancellationToken.None);

        _outbox.HoldsRecords.Should().BeFalse();
    }

    [Test]
    public async Task CommitAsync_OnlyCompletedOutboxRevisions_AreCommitted()
    {
        await Store.CommitAsync(new StateCommit(Stream) { OutboxMessages = [Message("call-1")] });
        var waiting = (await Store.Outbox.PeekAsync(Stream, 10, T + Duration.FromDays(3650))).Single();

        await Committer().CommitAsync(new StateCommit(Stream) { CompletedOutbox = [waiting.Completion] }, null, null, CancellationToken.None);

        (await Store.Outbox.GetStatisticsAsync(Stream)).Depth.Should().Be(0);
    }

    [Test]
    public async Task CommitAsync_StoreFails_PoisonsTheRunsCheckpointAndReleasesTheLock()
    {
        var broken = await TestProviders.TestStore.OpenAsync(DatabasePath + ".broken");
        await broken.DisposeAsync();
        var run = Run(floor: null);
        var slot = run.Tracker.Register(new WatermarkCheckpoint(T, "call-1"), stops: false);
        var committer = new CallStateCommitter(broken, _outbox, _commitLock);

        var act = () => committer.CommitAsync(new StateCommit(Stream) { LedgerEntries = [Entry("call-1")] }, run, slot, CancellationToken.None);

        await act.Should().ThrowAsync<Exception>();
        run.Tracker.Complete(run.Tracker.Register(new WatermarkCheckpoint(T + Duration.FromMinutes(1), "call-2"), stops: false)).Should().BeNull("no later checkpoint of the run may be trusted");
        _commitLock.CurrentCount.Should().Be(1);
    }

    private CallStateCommitter Committer() => new(Store, _outbox, _commitLock);

    private RunState Run(WatermarkCheckpoint? floor) =>
        new("run-1", new RunCounters(), new CheckpointTracker(), floor, null, _runCancellation);

    private static LedgerEntry Entry(string key) => new(Stream, key, "hash", DeliveryStatus.Delivered, "crm-" + key, T);

    private static OutboxMessage Message(string key) => new(Stream, key, "p", "test", Encoding.UTF8.GetBytes(key), T);
}
