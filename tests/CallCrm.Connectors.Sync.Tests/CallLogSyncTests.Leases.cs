using CallCrm.Connectors.Errors;
using CallCrm.Connectors.State;
using CallCrm.Connectors.Storage.Sqlite;
using CallCrm.Connectors.Sync.Tests.TestProviders;

namespace CallCrm.Connectors.Sync.Tests;

/// <summary>Several instances over one store: only the holder of a stream's lease writes to the sink, and a holder that lost its lease
/// commits nothing.</summary>
public sealed partial class CallLogSyncTests
{
    [Test]
    public async Task IngestAsync_WhileAnotherInstanceHoldsTheLease_BuffersInTheSharedOutbox_WithoutWriting_AndTheHolderDrainsIt()
    {
        var leases = new SqliteStreamLeaseProvider((SqliteStateStore)Store);
        await using var engine = new SyncEngine(Store, Time) { Leases = leases };
        var stream = NewStream(engine);
        var other = await leases.TryAcquireStreamLeaseAsync("calls");
        var call = Calls.Make(1);

        var ingest = stream.IngestAsync(call).AsTask();
        await AdvanceUntilAsync(ingest, TimeSpan.FromSeconds(1));
        var drainedWhileHeld = await stream.DrainOutboxAsync();

        (await ingest).Should().Be(IngestOutcome.Buffered, "another instance holds the stream: it alone writes");
        drainedWhileHeld.Should().BeFalse("a drain without the lease is skipped");
        _sink.Writes.Should().NotContainKey(call.Key);
        (await Store.Outbox.GetStatisticsAsync("calls")).Depth.Should().Be(1);

        await other!.DisposeAsync();
        (await stream.DrainOutboxAsync()).Should().BeTrue();
        _sink.Writes[call.Key].Should().Be(1);
        (await Store.Outbox.GetStatisticsAsync("calls")).Depth.Should().Be(0);
    }

    [Test]
    public async Task IngestAsync_WithTheLeaseFree_WritesAtOnceUnderIt_AndReleasesIt()
    {
        var leases = new SqliteStreamLeaseProvider((SqliteStateStore)Store);
        await using var engine = new SyncEngine(Store, Time) { Leases = leases };
        var stream = NewStream(engine);
        var call = Calls.Make(1);

        var ingest = stream.IngestAsync(call).AsTask();
        await AdvanceUntilAsync(ingest, TimeSpan.FromSeconds(1));

        (await ingest).Should().Be(IngestOutcome.Written);
        _sink.Writes[call.Key].Should().Be(1);
        await using var after = await leases.TryAcquireStreamLeaseAsync("calls");
        after.Should().NotBeNull("the ingestion released the lease it took");
    }

    [Test]
    public async Task RunOnceAsync_UnderALeaseAnotherInstanceTookOver_FailsWithLeaseLost_AndCommitsNothing()
    {
        var leases = new SqliteStreamLeaseProvider((SqliteStateStore)Store);
        var stream = NewStream();
        _source.PutRange(Calls.Range(3));
        var paused = (await leases.TryAcquireStreamLeaseAsync("calls"))!;
        leases.Revoke("calls");
        await using var current = await leases.TryAcquireStreamLeaseAsync("calls");

        var run = () => stream.RunOnceAsync(new SyncRunOptions { Lease = paused });

        (await run.Should().ThrowAsync<ConnectorException>()).Which.Error.Code.Should().Be(ConnectorErrorCode.LeaseLost);
        (await Store.Checkpoints.GetAsync("calls")).Should().BeNull();
        (await Store.Ledger.CountAsync("calls", DeliveryStatus.Delivered)).Should().Be(0);
    }
}
