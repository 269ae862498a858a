using CallCrm.Connectors.Model;
using CallCrm.Connectors.State;
using CallCrm.Connectors.Sync.Tests.TestProviders;

namespace CallCrm.Connectors.Sync.Tests;

/// <summary>The graceful stop of a run (<see cref="SyncRunOptions.StoppingToken"/>): stop reading, finish what was read, bounded by the drain timeout.</summary>
public sealed class GracefulStopTests : EngineTestBase
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private InMemoryCallSource _source = null!;
    private RecordingCrmSink _sink = null!;

    [SetUp]
    public void SetUpProviders()
    {
        _source = new InMemoryCallSource();
        _sink = new RecordingCrmSink();
    }

    [Test]
    public async Task RunOnceAsync_StopWhileABatchIsInTheSink_WritesWhatWasReadSavesTheCheckpointAndReadsNoFurtherPage()
    {
        var records = Calls.Range(1_000);
        _source.PutRange(records);
        var gate = HoldWrites(batch => batch[0].SourceId == records[0].SourceId);

        // One writer, batches of 10 and a channel of 10: with the first batch held in the sink, the dispatcher holds the second
        // and the channel the third, so the reader blocks on record 31 (index 30), read from the fourth page of 10.
        var readerBlocked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _source.OnYield = (index, _) =>
        {
            if (index == 30)
            {
                readerBlocked.TrySetResult();
            }

            return ValueTask.CompletedTask;
        };
        var stream = NewStream(o =>
        {
            o.MaxBatchSize = 10;
            o.MaxConcurrency = 1;
            o.ChannelCapacity = 10;
            o.PageSize = 10;
        });
        using var stop = new CancellationTokenSource();

        var run = stream.RunOnceAsync(new SyncRunOptions { StoppingToken = stop.Token });
        await gate.Entered.WaitAsync(Patience);
        await readerBlocked.Task.WaitAsync(Patience);
        var pagesAtStop = _source.PagesRead;
        await stop.CancelAsync();
        gate.Release();
        var report = await run.WaitAsync(Patience);

        report.Outcome.Should().Be(SyncRunOutcome.Stopped);
        _source.PagesRead.Should().Be(pagesAtStop, "a stopped run asks the source for nothing more");
        report.Read.Should().Be(30, "the batch at the sink, the one waiting for a writer and the channel's");
        report.Written.Should().Be(30);
        _sink.Held.Keys.Should().BeEquivalentTo(records.Take(30).Select(r => r.Key));
        report.Checkpoint.Should().Be(InMemoryCallSource.PositionOf(records[29]));
        (await Store.Checkpoints.GetAsync("calls")).Should().Be(InMemoryCallSource.PositionOf(records[29]));
        (await Store.Ledger.CountAsync("calls", DeliveryStatus.Delivered)).Should().Be(30, "every written record is acknowledged");
        report.Message.Should().Contain("Stopped");

        _sink.BeforeWrite = null;
        var next = await NewStream().RunOnceAsync();

        next.Outcome.Should().Be(SyncRunOutcome.Completed);
        _sink.Held.Should().HaveCount(1_000);
        _sink.Writes.Values.Should().AllSatisfy(w => w.Should().Be(1), "the next run goes on from the checkpoint without repeats");
    }

    [Test]
    public async Task RunOnceAsync_DrainTimeoutRunsOutWhileTheSinkHangs_ReturnsInterruptedAndTheNextRunDeliversEverythingOnce()
    {
        var records = Calls.Range(40);
        _source.PutRange(records);
        var hung = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var hangs = 1;
        _sink.BeforeWrite = async (batch, cancellationToken) =>
        {
            // The second batch hangs once, until the engine gives up on it.
            if (batch[0].SourceId == records[10].SourceId && Interlocked.Exchange(ref hangs, 0) == 1)
            {
                hung.TrySetResult();
                await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
            }
        };
        var stream = NewStream(o =>
        {
            o.MaxBatchSize = 10;
            o.MaxConcurrency = 1;
            o.ChannelCapacity = 10;
            o.DrainTimeout = TimeSpan.FromSeconds(10);
        });
        using var stop = new CancellationTokenSource();

        var run = stream.RunOnceAsync(new SyncRunOptions { StoppingToken = stop.Token });
        await hung.Task.WaitAsync(Patience);

        // Cancel runs the callbacks inline, so the drain timer is on the fake clock when the clock moves.
#pragma warning disable CA1849 // Synchronous on purpose, see above.
        stop.Cancel();
#pragma warning restore CA1849
        Time.Advance(TimeSpan.FromSeconds(9));
        for (var i = 0; i < 1_000; i++)
        {
            await Task.Yield();
        }

        run.IsCompleted.Should().BeFalse("the grace has not run out yet");
        Time.Advance(TimeSpan.FromSeconds(1));
        var report = await run.WaitAsync(Patience);

        report.Outcome.Should().Be(SyncRunOutcome.Interrupted);
        report.Written.Should().Be(10);
        _sink.Held.Keys.Should().BeEquivalentTo(records.Take(10).Select(r => r.Key));
        (await Store.Checkpoints.GetAsync("calls")).Should().Be(InMemoryCallSource.PositionOf(records[9]), "the checkpoint stops before the cancelled batch");
        (await Store.Ledger.CountAsync("calls", DeliveryStatus.Delivered)).Should().Be(10, "nothing is acknowledged that was not written");
        report.Message.Should().Contain("drain timeout");

        var next = await NewStream().RunOnceAsync();

        next.Outcome.Should().Be(SyncRunOutcome.Completed);
        _sink.Held.Should().HaveCount(40);
        _sink.Writes.Values.Should().AllSatisfy(w => w.Should().Be(1));
        (await Store.Checkpoints.GetAsync("calls")).Should().Be(InMemoryCallSource.PositionOf(records[^1]));
    }

    [Test]
    public async Task RunOnceAsync_StopAskedBeforeTheRun_ReadsNothingAndReportsStopped()
    {
        _source.PutRange(Calls.Range(20));
        using var stop = new CancellationTokenSource();
        await stop.CancelAsync();

        var report = await NewStream().RunOnceAsync(new SyncRunOptions { StoppingToken = stop.Token });

        report.Outcome.Should().Be(SyncRunOutcome.Stopped);
        _source.PagesRead.Should().Be(0);
        report.Read.Should().Be(0);
        _sink.Calls.Should().Be(0);
    }

    [Test]
    public async Task RunOnceAsync_CallerCancelsDuringAGracefulStop_AbortsTheWriteAndThrows()
    {
        var records = Calls.Range(20);
        _source.PutRange(records);
        var hung = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _sink.BeforeWrite = async (_, cancellationToken) =>
        {
            hung.TrySetResult();
            await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
        };
        using var stop = new CancellationTokenSource();
        using var abort = new CancellationTokenSource();

        var run = NewStream().RunOnceAsync(new SyncRunOptions { StoppingToken = stop.Token }, abort.Token);
        await hung.Task.WaitAsync(Patience);
        await stop.CancelAsync();
        await abort.CancelAsync();

        await run.Awaiting(r => r.WaitAsync(Patience)).Should().ThrowAsync<OperationCanceledException>();
        (await Store.Checkpoints.GetAsync("calls")).Should().BeNull();
        (await Store.Ledger.CountAsync("calls", DeliveryStatus.Delivered)).Should().Be(0);
    }

    [Test]
    public async Task RunContinuouslyAsync_StopWhileARunWrites_FinishesTheRunReportsStoppedAndEnds()
    {
        var records = Calls.Range(30);
        _source.PutRange(records);
        var gate = HoldWrites(_ => true);
        var reports = new List<SyncRunReport>();
        using var stop = new CancellationTokenSource();

        var loop = NewStream().RunContinuouslyAsync(new SyncRunOptions { StoppingToken = stop.Token }, reports.Add);
        await gate.Entered.WaitAsync(Patience);
        await stop.CancelAsync();
        gate.Release();
        await loop.WaitAsync(Patience);

        reports.Should().ContainSingle().Which.Outcome.Should().Be(SyncRunOutcome.Stopped);
        reports[0].Written.Should().Be(30);
        _sink.Held.Should().HaveCount(30);
    }

    /// <summary>Holds the sink's writes of the batches <paramref name="which"/> picks until released, so a stop can arrive mid-batch.</summary>
    private WriteGate HoldWrites(Func<IReadOnlyList<Model.CallRecord>, bool> which)
    {
        var gate = new WriteGate();
        _sink.BeforeWrite = async (batch, _) =>
        {
            if (which(batch))
            {
                gate.Enter();
                await gate.Released;
            }
        };
        return gate;
    }

    private CallLogSync NewStream(Action<SyncOptions>? configure = null) =>
        NewEngine().AddCallLogStream(new CallLogStreamDefinition("calls", _source, _sink) { Options = FastOptions(configure) });

    private sealed class WriteGate
    {
        private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Entered => _entered.Task;

        public Task Released => _released.Task;

        public void Enter() => _entered.TrySetResult();

        public void Release() => _released.TrySetResult();
    }
}
