using CallCrm.Connectors.Model;
using CallCrm.Connectors.Storage.Sqlite;
using CallCrm.Connectors.Sync.Tests.TestProviders;
using NodaTime;

namespace CallCrm.Connectors.Sync.Tests;

/// <summary>The simulation's seed 567 with the product's leases: a push paused between its ledger check and its write keeps the other
/// instance from writing a newer version first, so the older one is never written over it.</summary>
public sealed partial class CallLogSyncTests
{
    [Test]
    public async Task IngestAsync_PausedBeforeItsWrite_HoldsTheLease_SoTheOtherInstanceBuffersTheNewerVersion_AndTheCrmEndsOnIt()
    {
        var older = Calls.Make(1, isFinal: false, disposition: "ringing") with { UpdatedAt = Calls.Epoch + Duration.FromMinutes(9) };
        var newer = Calls.Make(1, isFinal: false, disposition: "talking") with { UpdatedAt = Calls.Epoch + Duration.FromMinutes(10) };
        await using var storeB = await TestStore.OpenAsync(DatabasePath);
        var leasesB = new SqliteStreamLeaseProvider((SqliteStateStore)storeB);
        await using var engineA = new SyncEngine(Store, Time) { Leases = new SqliteStreamLeaseProvider((SqliteStateStore)Store) };
        await using var engineB = new SyncEngine(storeB, Time) { Leases = leasesB };
        var streamA = NewStream(engineA);
        var streamB = NewStream(engineB);
        var written = new List<string?>();
        _sink.AfterWrite = batch => written.AddRange(batch.Select(r => r.Disposition));
        var paused = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var resume = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _sink.BeforeWrite = async (batch, _) =>
        {
            if (batch[0].Disposition == "ringing" && paused.TrySetResult())
            {
                await resume.Task;
            }
        };

        // A: the late callback of the older version passed its ledger check and waits before its write.
        var pushA = streamA.IngestAsync(older).AsTask();
        await AdvanceUntilAsync(paused.Task, TimeSpan.FromSeconds(1));

        // B meanwhile: no run can take the stream, and the newer version pushed there waits in the shared outbox.
        (await leasesB.TryAcquireStreamLeaseAsync("calls")).Should().BeNull("A's push holds the stream's lease while it writes");
        var pushB = streamB.IngestAsync(newer).AsTask();
        await AdvanceUntilAsync(pushB, TimeSpan.FromSeconds(1));
        (await pushB).Should().Be(IngestOutcome.Buffered);

        resume.SetResult();
        (await pushA).Should().Be(IngestOutcome.Written);

        // A stops (its ingestion loop lets the lease go on the way), and B, now free to take the stream, drains the newer version.
        await engineA.DisposeAsync();
        (await streamB.DrainOutboxAsync()).Should().BeTrue();

        written.Should().Equal("ringing", "talking");
        _sink.Held[newer.Key].Disposition.Should().Be("talking");
    }
}
