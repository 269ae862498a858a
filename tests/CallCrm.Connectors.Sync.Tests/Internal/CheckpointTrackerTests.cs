using CallCrm.Connectors.Checkpoints;
using CallCrm.Connectors.Sync.Internal;
using NodaTime;

namespace CallCrm.Connectors.Sync.Tests.Internal;

public sealed class CheckpointTrackerTests
{
    private static WatermarkCheckpoint At(int n) => new(Instant.FromUnixTimeSeconds(n), n.ToString(System.Globalization.CultureInfo.InvariantCulture));

    [Test]
    public void Complete_OutOfOrder_AdvancesOnlyOverTheSettledPrefix()
    {
        var tracker = new CheckpointTracker();
        var first = tracker.Register(At(1), stops: false);
        var second = tracker.Register(At(2), stops: false);
        var third = tracker.Register(At(3), stops: false);

        tracker.Complete(third).Should().BeNull("batches 1 and 2 are not settled");
        tracker.Complete(first).Should().Be(At(1));
        tracker.Complete(second).Should().Be(At(3));
    }

    [Test]
    public void Complete_BatchWithRecordNotFinal_HoldsTheCheckpointForTheRestOfTheRun()
    {
        var tracker = new CheckpointTracker();
        var first = tracker.Register(At(1), stops: false);
        var holding = tracker.Register(At(5), stops: true);
        var later = tracker.Register(At(9), stops: false);

        tracker.Complete(first).Should().Be(At(1));
        tracker.Complete(holding).Should().Be(At(5));
        tracker.Complete(later).Should().BeNull();
    }

    [Test]
    public void Complete_AfterPoison_NeverMovesAgain()
    {
        var tracker = new CheckpointTracker();
        var first = tracker.Register(At(1), stops: false);
        tracker.Poison();

        tracker.Complete(first).Should().BeNull();
    }

    [Test]
    public void Register_FirstRecordOfBatchNotFinal_HoldsJustBeforeItsInstantOrAtThePreviousRecord()
    {
        var tracker = new CheckpointTracker(At(0));
        var first = tracker.Register([At(1), At(2)], firstNotFinal: -1);
        var second = tracker.Register([At(3), At(4)], firstNotFinal: 0);

        tracker.Complete(first).Should().Be(At(2));
        tracker.Complete(second).Should().Be(new WatermarkCheckpoint(At(3).Timestamp, string.Empty), "nothing unread lies between the previous record and the start of the held record's instant");
        tracker.IsHeld.Should().BeTrue();

        var fresh = new CheckpointTracker(At(0));
        fresh.Complete(fresh.Register([At(1)], firstNotFinal: 0)).Should().Be(new WatermarkCheckpoint(At(1).Timestamp, string.Empty), "not the run's start, which lies a look-back before the stored watermark");

        var sameInstant = new CheckpointTracker(At(1));
        sameInstant.Complete(sameInstant.Register([new WatermarkCheckpoint(At(1).Timestamp, "9")], firstNotFinal: 0)).Should().Be(At(1), "the start of the instant is before the previous record");
        sameInstant.IsHeld.Should().BeTrue();
    }

    [Test]
    public void Register_LaterRecordOfBatchNotFinal_HoldsAtTheRecordBeforeIt()
    {
        var tracker = new CheckpointTracker(At(0));

        tracker.Complete(tracker.Register([At(1), At(2), At(3)], firstNotFinal: 2)).Should().Be(At(2));
        tracker.IsHeld.Should().BeTrue();
    }

    [Test]
    public void Register_HeldRecordWhosePositionIsTheStartOfItsInstant_HoldsAtThePreviousRecord()
    {
        var tracker = new CheckpointTracker(At(0));

        tracker.Complete(tracker.Register([new WatermarkCheckpoint(At(5).Timestamp, string.Empty)], firstNotFinal: 0)).Should().Be(At(0), "a checkpoint at the held record would skip it");
    }

    [Test]
    public void Register_FirstRecordNotFinalOfACursorSource_HoldsAtThePreviousPosition()
    {
        var start = new CursorCheckpoint("c-0");
        var tracker = new CheckpointTracker(start);

        tracker.Complete(tracker.Register([new CursorCheckpoint("c-1")], firstNotFinal: 0)).Should().Be(start);
    }

    [Test]
    public void Register_FirstRecordNotFinalWithoutStart_NeverMoves()
    {
        var tracker = new CheckpointTracker();

        tracker.Complete(tracker.Register([At(1)], firstNotFinal: 0)).Should().BeNull();
        tracker.IsHeld.Should().BeTrue();
    }

    [Test]
    public void Complete_SamePositionAgain_ReportsNoMove()
    {
        var tracker = new CheckpointTracker();
        tracker.Complete(tracker.Register(At(1), stops: false)).Should().Be(At(1));

        tracker.Complete(tracker.Register(At(1), stops: false)).Should().BeNull();
        tracker.Complete(tracker.Register(null, stops: false)).Should().BeNull("a batch without positions does not move the checkpoint");
        tracker.Complete(tracker.Register(At(2), stops: false)).Should().Be(At(2));
    }

    [Test]
    public async Task PreviousFinished_CompletesWhenTheBatchReadBeforeFinishes()
    {
        var tracker = new CheckpointTracker();
        var first = tracker.Register(At(1), stops: false);
        var second = tracker.Register(At(2), stops: false);

        first.PreviousFinished.IsCompleted.Should().BeTrue("nothing was read before the first batch");
        second.PreviousFinished.IsCompleted.Should().BeFalse();
        first.Finish();
        await second.PreviousFinished;
    }
}
