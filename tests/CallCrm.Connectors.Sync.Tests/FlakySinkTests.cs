using CallCrm.Connectors.Errors;
using CallCrm.Connectors.Model;
using CallCrm.Connectors.Sync.Health;
using CallCrm.Connectors.Sync.Tests.TestProviders;

namespace CallCrm.Connectors.Sync.Tests;

/// <summary>A CRM that stays reachable but is flaky (transient faults, lost responses): a run finishes its work; only an outage
/// leaves records buffered, and the end-of-run drain that tells the two apart is bounded.</summary>
public sealed class FlakySinkTests : EngineTestBase
{
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(250);

    [Test]
    public async Task RunOnceAsync_TransientFaultsAndLostResponses_EndsCompletedWithEmptyOutbox()
    {
        const int count = 3_000;
        var source = new InMemoryCallSource();
        source.PutRange(Enumerable.Range(0, count).Select(i => Calls.Make(i)));
        var sink = new RecordingCrmSink { Capabilities = new() { MaxBatchSize = 100, MaxConcurrency = 1, SupportsUpsertByExternalId = true } };

        // A fixed schedule over the sink's calls (one writer, so the same calls fail every time): every 12 calls a burst of three
        // faults, longer than the pipeline's retries (the batch meeting it is buffered); every 9th call stores its records and
        // loses the answer. About a third of the attempts fail, the CRM answers throughout.
        var lost = 0;
        sink.BeforeWrite = (_, _) => sink.Calls % 12 is 9 or 10 or 11 ? throw Unavailable() : ValueTask.CompletedTask;
        sink.AfterWrite = _ =>
        {
            if (sink.Calls % 9 == 4)
            {
                lost++;
                throw new ConnectorException(new ConnectorError { Code = ConnectorErrorCode.Timeout, IsTransient = true, TechnicalDetail = "Response lost." });
            }
        };
        var stream = NewEngine().AddCallLogStream(new CallLogStreamDefinition("calls", source, sink) { Options = DefaultResilience() });

        var run = stream.RunOnceAsync();
        await AdvanceUntilAsync(run, Step);
        var report = await run;

        lost.Should().BeGreaterThan(0);
        report.Outcome.Should().Be(SyncRunOutcome.Completed);
        (await Store.Outbox.GetStatisticsAsync("calls")).Depth.Should().Be(0, "the CRM answered at the end of the run, so nothing may stay buffered");
        sink.Held.Should().HaveCount(count);
        (await stream.GetHealthAsync()).Circuit.Should().Be(CircuitStatus.Closed, "flakiness is not an outage");
    }

    [Test]
    public async Task RunOnceAsync_FaultBurstOutlastsTheRetriesOfTheEndOfRunDrain_DrainsAgainAndEndsWithEmptyOutbox()
    {
        var source = new InMemoryCallSource();
        source.PutRange(Enumerable.Range(0, 300).Select(i => Calls.Make(i)));
        var sink = new RecordingCrmSink { Capabilities = new() { MaxBatchSize = 100, MaxConcurrency = 1, SupportsUpsertByExternalId = true } };

        // Six faults in a row (two batches' worth of attempts), then the CRM answers: flakiness, never an outage.
        sink.BeforeWrite = (_, _) => sink.Calls <= 6 ? throw Unavailable() : ValueTask.CompletedTask;
        var stream = NewEngine().AddCallLogStream(new CallLogStreamDefinition("calls", source, sink) { Options = DefaultResilience() });

        var run = stream.RunOnceAsync();
        await AdvanceUntilAsync(run, Step);
        var report = await run;

        report.Outcome.Should().Be(SyncRunOutcome.Completed);
        (await Store.Outbox.GetStatisticsAsync("calls")).Depth.Should().Be(0, "the CRM answers at the end of the run");
        sink.Held.Should().HaveCount(300);
        sink.Writes.Values.Should().AllSatisfy(w => w.Should().Be(1));
    }

    [Test]
    public async Task RunOnceAsync_OneBatchWaitsForItsRetry_OtherWritersGoOnWithoutWaitingForIt()
    {
        // Throughput under faults: one batch waiting out its retry delay must not hold every other writer's slot until it commits.
        var source = new InMemoryCallSource();
        source.PutRange(Enumerable.Range(0, 1_000).Select(i => Calls.Make(i)));
        var sink = new RecordingCrmSink { Capabilities = new() { MaxBatchSize = 100, MaxConcurrency = 2, SupportsUpsertByExternalId = true } };
        var failedFirst = 0;
        sink.BeforeWrite = (batch, _) => batch[0].Key == Calls.Make(0).Key && Interlocked.Exchange(ref failedFirst, 1) == 0
            ? throw Unavailable()
            : ValueTask.CompletedTask;
        var stream = NewEngine().AddCallLogStream(new CallLogStreamDefinition("calls", source, sink) { Options = DefaultResilience() });

        var run = stream.RunOnceAsync();
        for (var i = 0; i < 2_000_000 && sink.Held.Count < 900; i++)
        {
            await Task.Yield();
        }

        sink.Held.Should().HaveCount(900, "the other writer delivers the nine later batches while the first waits one second on a frozen clock");
        await AdvanceUntilAsync(run, Step);
        sink.Held.Should().HaveCount(1_000);
        (await Store.Checkpoints.GetAsync("calls")).Should().Be(InMemoryCallSource.PositionOf(Calls.Make(999)), "the checkpoint moves once the first batch commits");
    }

    [Test]
    public async Task RunOnceAsync_RealOutage_StillBuffersAndTheEndOfRunDrainIsBounded()
    {
        const int count = 500;
        var source = new InMemoryCallSource();
        source.PutRange(Enumerable.Range(0, count).Select(i => Calls.Make(i)));
        var sink = new RecordingCrmSink { Capabilities = new() { MaxBatchSize = 100, MaxConcurrency = 2, SupportsUpsertByExternalId = true }, Down = true };
        var options = DefaultResilience(o => o.OutboxFinalDrainTimeout = TimeSpan.FromMinutes(2));
        var stream = NewEngine().AddCallLogStream(new CallLogStreamDefinition("calls", source, sink) { Options = options });

        var run = stream.RunOnceAsync();
        await AdvanceUntilAsync(run, Step);
        var report = await run;

        report.Outcome.Should().Be(SyncRunOutcome.Completed);
        report.Buffered.Should().Be(count);
        (await Store.Outbox.GetStatisticsAsync("calls")).Depth.Should().Be(count, "an outage leaves the records buffered for a later run");
        sink.Calls.Should().BeLessThan(40, "the drain tries again as the breaker half-opens, not in a tight loop, and gives up (FinalDrainTests pin the bounds)");
    }

    [Test]
    public async Task DrainOutboxAsync_VendorAsksForRetryAfter_EntryIsNotSentAgainBeforeThen()
    {
        var source = new InMemoryCallSource();
        source.Put(Calls.Make(1));
        var sink = new RecordingCrmSink { Capabilities = new() { MaxBatchSize = 10, MaxConcurrency = 1, SupportsUpsertByExternalId = true } };

        // Longer than MaxRetryDelay: the pipeline does not retry, the record goes to the outbox with the vendor's wait.
        var refuse = true;
        sink.BeforeWrite = (_, _) => refuse
            ? throw new ConnectorException(new ConnectorError { Code = ConnectorErrorCode.RateLimited, IsTransient = true, RetryAfter = TimeSpan.FromMinutes(10) })
            : ValueTask.CompletedTask;
        var stream = NewEngine().AddCallLogStream(new CallLogStreamDefinition("calls", source, sink) { Options = DefaultResilience(o => o.OutboxFinalDrainTimeout = TimeSpan.Zero) });
        await stream.RunOnceAsync();
        (await Store.Outbox.GetStatisticsAsync("calls")).Depth.Should().Be(1);
        var callsAfterRun = sink.Calls;

        refuse = false;
        Time.Advance(TimeSpan.FromMinutes(5));
        (await stream.DrainOutboxAsync()).Should().BeFalse("the vendor asked for ten minutes");
        sink.Calls.Should().Be(callsAfterRun, "the outbox drain waits out the vendor's Retry-After");

        Time.Advance(TimeSpan.FromMinutes(6));
        (await stream.DrainOutboxAsync()).Should().BeTrue();
        sink.Held.Should().ContainKey(Calls.Make(1).Key);
    }

    private static ConnectorException Unavailable() =>
        new(new ConnectorError { Code = ConnectorErrorCode.ServiceUnavailable, IsTransient = true, HttpStatus = 503 });

    /// <summary>The resilience defaults a host gets (retry delays, jitter off so the schedule is exact), on the fake clock.</summary>
    private static SyncOptions DefaultResilience(Action<SyncOptions>? configure = null)
    {
        var options = new SyncOptions { MaxBatchSize = 100, MaxConcurrency = 4, ChannelCapacity = 500, LookBack = TimeSpan.FromMinutes(5), MaxBatchDelay = TimeSpan.FromSeconds(1) };
        options.Resilience.UseJitter = false;
        configure?.Invoke(options);
        return options;
    }
}
