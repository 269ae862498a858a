using CallCrm.Connectors.Checkpoints;
using CallCrm.Connectors.Model;
using CallCrm.Connectors.Sync.Health;
using CallCrm.Connectors.Sync.Tests.TestProviders;

namespace CallCrm.Connectors.Sync.Tests;

/// <summary>Degraded mode: the CRM goes away mid-run, the call side keeps going, and the outbox replays everything once, in order.</summary>
public sealed class OutageTests : EngineTestBase
{
    [Test]
    public async Task RunOnceAsync_SinkDownForMiddleHalf_BuffersAndEveryRecordArrivesOnceWithOutboxInOrder()
    {
        var records = Enumerable.Range(0, 1_000).Select(i => Calls.Make(i, customer: "customer-" + (i % 7))).ToList();
        var source = new InMemoryCallSource();
        source.PutRange(records);
        var sink = new RecordingCrmSink { Capabilities = new() { MaxBatchSize = 50, MaxConcurrency = 2, SupportsUpsertByExternalId = true } };
        var outageStartedAt = -1;
        source.OnYield = (i, _) =>
        {
            if (i == 250)
            {
                outageStartedAt = sink.Order.Count;
                sink.Down = true;
            }
            else if (i == 750)
            {
                sink.Down = false;
            }

            return ValueTask.CompletedTask;
        };
        var stream = NewEngine().AddCallLogStream(new CallLogStreamDefinition("calls", source, sink) { Options = Options() });

        var first = await stream.RunOnceAsync();

        first.Read.Should().Be(1_000);
        first.Buffered.Should().BeGreaterThan(0, "records read while the CRM was down are buffered, not retried for ever");
        (await Store.Checkpoints.GetAsync("calls")).Should().Be(InMemoryCallSource.PositionOf(records[^1]), "buffered records are durable, so the checkpoint passes them");
        var waiting = (await Store.Outbox.GetStatisticsAsync("calls")).Depth;
        (sink.Held.Count + waiting).Should().Be(1_000, "every record is either delivered or waiting in the outbox");

        // Whether the end-of-run drain got through depends on when the circuit let a trial write pass; afterwards it must.
        Time.Advance(TimeSpan.FromMinutes(1));
        await stream.RunOnceAsync();

        (await Store.Outbox.GetStatisticsAsync("calls")).Depth.Should().Be(0);
        sink.Held.Should().HaveCount(1_000);
        sink.Writes.Values.Should().AllSatisfy(w => w.Should().Be(1), "nothing is delivered twice");
        foreach (var customer in sink.Order.Skip(outageStartedAt + 100).GroupBy(k => sink.Held[k].CustomerReference))
        {
            customer.Should().BeInAscendingOrder(StringComparer.Ordinal, "the outbox replays the records of one customer in order");
        }
    }

    [Test]
    public async Task RunOnceAsync_RestartDuringOutage_LosesNothingAndDrainsOnceInOrderAfterRecovery()
    {
        var records = Enumerable.Range(0, 500).Select(i => Calls.Make(i, customer: "customer-" + (i % 5))).ToList();
        var source = new InMemoryCallSource();
        source.PutRange(records);
        var sink = new RecordingCrmSink { Capabilities = new() { MaxBatchSize = 50, MaxConcurrency = 2, SupportsUpsertByExternalId = true }, Down = true };
        var options = Options();
        var engine = NewEngine();
        var stream = engine.AddCallLogStream(new CallLogStreamDefinition("calls", source, sink) { Options = options });

        var first = await stream.RunOnceAsync();

        first.Buffered.Should().Be(500);
        var health = await stream.GetHealthAsync();
        health.Circuit.Should().Be(CircuitStatus.Open);
        health.OutboxDepth.Should().Be(500);
        health.OutboxAge.Should().Be(TimeSpan.Zero);
        health.LastError!.Code.Value.Should().Be("SERVICE_UNAVAILABLE");
        (await Store.Checkpoints.GetAsync("calls")).Should().Be(InMemoryCallSource.PositionOf(records[^1]));

        await engine.DisposeAsync();
        await RestartStoreAsync();
        sink.Down = false;
        Time.Advance(TimeSpan.FromMinutes(1));
        var restarted = NewEngine().AddCallLogStream(new CallLogStreamDefinition("calls", source, sink) { Options = Options() });
        var second = await restarted.RunOnceAsync();

        second.Written.Should().Be(500);
        (await Store.Outbox.GetStatisticsAsync("calls")).Depth.Should().Be(0);
        sink.Order.Should().Equal(records.Select(r => r.Key), "the outbox drains oldest first");
        sink.Writes.Values.Should().AllSatisfy(w => w.Should().Be(1));
        (await restarted.GetHealthAsync()).Circuit.Should().Be(CircuitStatus.Closed);
    }

    [Test]
    public async Task RunOnceAsync_WhileOutboxHoldsRecords_NewRecordsQueueBehindThemAndDrainOldestFirst()
    {
        var source = new InMemoryCallSource();
        var sink = new RecordingCrmSink { Capabilities = new() { MaxBatchSize = 10, MaxConcurrency = 1, SupportsUpsertByExternalId = true } };
        var stream = NewEngine().AddCallLogStream(new CallLogStreamDefinition("calls", source, sink) { Options = Options() });
        source.PutRange(Enumerable.Range(0, 20).Select(i => Calls.Make(i)));
        sink.Down = true;
        await stream.RunOnceAsync();

        // The CRM is back but the circuit is still open: newer records must not overtake the buffered ones.
        sink.Down = false;
        source.PutRange(Enumerable.Range(20, 20).Select(i => Calls.Make(i)));
        await stream.RunOnceAsync();
        (await Store.Outbox.GetStatisticsAsync("calls")).Depth.Should().Be(40, "records read again in the look-back window replace their waiting copies");
        sink.Held.Should().BeEmpty();

        Time.Advance(TimeSpan.FromMinutes(1));
        (await stream.DrainOutboxAsync()).Should().BeTrue();

        sink.Order.Should().Equal(Enumerable.Range(0, 40).Select(i => Calls.Make(i).Key));
    }

    [Test]
    public async Task RunOnceAsync_RetryAfterOnWholeBatchFailure_WaitsThatLongOnTheEngineClock()
    {
        var source = new InMemoryCallSource();
        source.Put(Calls.Make(1));
        var sink = new RecordingCrmSink { Capabilities = new() { MaxBatchSize = 10, MaxConcurrency = 1, SupportsUpsertByExternalId = true } };
        var attempts = new List<DateTimeOffset>();
        var timersAtFirstAttempt = 0;
        sink.BeforeWrite = (_, _) =>
        {
            timersAtFirstAttempt = Time.TimersCreated;
            attempts.Add(Time.GetUtcNow());
            return attempts.Count == 1
                ? throw new Errors.ConnectorException(new Errors.ConnectorError { Code = Errors.ConnectorErrorCode.RateLimited, IsTransient = true, RetryAfter = TimeSpan.FromSeconds(7) })
                : ValueTask.CompletedTask;
        };
        var options = Options(o =>
        {
            o.Resilience.RetryBaseDelay = TimeSpan.FromSeconds(1);
            o.Resilience.UseJitter = true;
        });
        var stream = NewEngine().AddCallLogStream(new CallLogStreamDefinition("calls", source, sink) { Options = options });
        var run = stream.RunOnceAsync();

        // The source ends after one record, so the batch goes at once; the first attempt fails and the retry waits on the clock.
        await WaitForAsync(() => attempts.Count == 1);
        await Time.WaitForTimerAfterAsync(timersAtFirstAttempt);
        var firstAt = attempts[0];
        Time.Advance(TimeSpan.FromSeconds(6.9));
        for (var i = 0; i < 1_000; i++)
        {
            await Task.Yield();
        }

        attempts.Should().HaveCount(1, "the vendor asked for seven seconds");
        Time.Advance(TimeSpan.FromSeconds(0.1));
        var report = await run;

        attempts.Should().HaveCount(2);
        (attempts[1] - firstAt).Should().Be(TimeSpan.FromSeconds(7));
        report.Retried.Should().Be(1);
        report.Written.Should().Be(1);
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        while (!condition())
        {
            await Task.Yield();
        }
    }

    private static SyncOptions Options(Action<SyncOptions>? configure = null) => FastOptions(o =>
    {
        o.ChannelCapacity = 100;
        o.Resilience.BreakerMinimumThroughput = 2;
        o.Resilience.BreakerFailureRatio = 0.5;
        o.Resilience.BreakDuration = TimeSpan.FromSeconds(30);
        configure?.Invoke(o);
    });
}
