using CallCrm.Connectors.Checkpoints;
using CallCrm.Connectors.Sync.Tests.TestProviders;
using NodaTime;

namespace CallCrm.Connectors.Sync.Tests;

/// <summary>The stored watermark across runs that find nothing new: it never moves back by the look-back.</summary>
public sealed partial class CallLogSyncTests
{
    [Test]
    public async Task RunOnceAsync_SeveralRunsOverAGapWithNoCalls_KeepTheStoredWatermark()
    {
        var last = Calls.Make(1);
        _source.Put(last);
        var stream = NewStream();
        await stream.RunOnceAsync();

        for (var run = 0; run < 3; run++)
        {
            Time.Advance(TimeSpan.FromHours(1));
            await stream.RunOnceAsync();
        }

        (await Store.Checkpoints.GetAsync("calls")).Should().Be(InMemoryCallSource.PositionOf(last));
    }

    [Test]
    public async Task RunOnceAsync_FirstRecordReadIsNotFinalRunAfterRun_KeepsTheCheckpointJustBeforeIt()
    {
        // The call at the stored watermark was deleted at the source; the first call read is still in progress, run after run.
        var deleted = Calls.Make(1);
        _source.Put(deleted);
        var stream = NewStream();
        await stream.RunOnceAsync();
        _source.Remove(deleted.SourceId);
        var ongoing = Calls.Make(2, Calls.Epoch + Duration.FromHours(1), isFinal: false);
        _source.Put(ongoing);

        for (var run = 0; run < 3; run++)
        {
            await stream.RunOnceAsync();
        }

        var checkpoint = (WatermarkCheckpoint)(await Store.Checkpoints.GetAsync("calls"))!;
        checkpoint.Should().Be(new WatermarkCheckpoint(ongoing.StartedAt, string.Empty), "just before the call in progress, not one look-back further back per run");
        _source.Requests[^1].Since.Should().Be(new WatermarkCheckpoint(ongoing.StartedAt - Duration.FromMinutes(5), string.Empty));
    }
}
