using CallCrm.Connectors.Checkpoints;
using CallCrm.Connectors.Errors;
using CallCrm.Connectors.Model;
using CallCrm.Connectors.State;
using CallCrm.Connectors.Sync.Tests.TestProviders;
using NodaTime;

namespace CallCrm.Connectors.Sync.Tests;

public sealed partial class CallLogSyncTests : EngineTestBase
{
    private InMemoryCallSource _source = null!;
    private RecordingCrmSink _sink = null!;

    [SetUp]
    public void SetUpProviders()
    {
        _source = new InMemoryCallSource();
        _sink = new RecordingCrmSink();
    }

    private CallLogSync NewStream(SyncEngine? engine = null, Action<SyncOptions>? configure = null, IReadOnlyList<IRecordTransform<CallRecord>>? transforms = null) =>
        (engine ?? NewEngine()).AddCallLogStream(new CallLogStreamDefinition("calls", _source, _sink)
        {
            Options = FastOptions(configure),
            Transforms = transforms ?? [],
        });

    [Test]
    public async Task RunOnceAsync_NewRecords_DeliversEachOnceAndStoresLastPosition()
    {
        var records = Calls.Range(1_000);
        _source.PutRange(records);
        var progress = new List<SyncProgress>();
        var stream = NewStream();

        var report = await stream.RunOnceAsync(new SynchronousProgress(progress.Add));

        report.Outcome.Should().Be(SyncRunOutcome.Completed);
        report.Read.Should().Be(1_000);
        report.Written.Should().Be(1_000);
        _sink.Held.Should().HaveCount(1_000);
        _sink.Writes.Values.Should().AllSatisfy(w => w.Should().Be(1));
        report.Checkpoint.Should().Be(InMemoryCallSource.PositionOf(records[^1]));
        (await Store.Checkpoints.GetAsync("calls")).Should().Be(InMemoryCallSource.PositionOf(records[^1]));
        progress.Should().NotBeEmpty();
        progress[^1].Written.Should().Be(1_000);
    }

    [Test]
    public async Task RunOnceAsync_ThousandRecordsSharingOneTimestampInPagesOf100_DeliversEveryRecordOnce()
    {
        var sameInstant = Calls.Epoch;
        _source.PutRange(Calls.Range(1_000, _ => sameInstant));
        _source.PageSize = 100;
        var stream = NewStream(configure: o => o.MaxBatchSize = 64);

        await stream.RunOnceAsync();

        _sink.Held.Should().HaveCount(1_000);
        _sink.Writes.Values.Should().AllSatisfy(w => w.Should().Be(1));
        _source.PagesRead.Should().BeGreaterThanOrEqualTo(10);
        var checkpoint = (WatermarkCheckpoint)(await Store.Checkpoints.GetAsync("calls"))!;
        checkpoint.Timestamp.Should().Be(sameInstant);
        checkpoint.TieBreakId.Should().Be("call-000999");
    }

    [Test]
    public async Task RunOnceAsync_SecondRun_ResumesFromCheckpointMinusLookBackAndReadsNoEarlierRecords()
    {
        _source.PutRange(Calls.Range(100, i => Calls.Epoch + Duration.FromMinutes(i)));
        var stream = NewStream();
        await stream.RunOnceAsync();

        var second = await stream.RunOnceAsync();

        var since = (WatermarkCheckpoint)_source.Requests[^1].Since!;
        since.Timestamp.Should().Be(Calls.Epoch + Duration.FromMinutes(99) - Duration.FromMinutes(5));
        second.Read.Should().Be(6, "only the look-back window (minutes 94 to 99, both included) is read again");
        second.Unchanged.Should().Be(6);
        second.Written.Should().Be(0);
        _sink.Writes.Values.Should().AllSatisfy(w => w.Should().Be(1));
    }

    [Test]
    public async Task RunOnceAsync_LateArrivalInsideLookBack_IsDeliveredAndOneOutsideIsNot()
    {
        _source.PutRange(Calls.Range(10, i => Calls.Epoch + Duration.FromMinutes(10 + i)));
        var stream = NewStream();
        await stream.RunOnceAsync();
        var last = Calls.Epoch + Duration.FromMinutes(19);

        var late = Calls.Make(500, last - Duration.FromMinutes(2));
        var tooLate = Calls.Make(501, last - Duration.FromMinutes(30));
        _source.Put(late);
        _source.Put(tooLate);
        var report = await stream.RunOnceAsync();

        report.Written.Should().Be(1);
        _sink.Held.Should().ContainKey(late.Key);
        _sink.Held.Should().NotContainKey(tooLate.Key, "a record older than the look-back window is outside what a run re-reads");
    }

    [Test]
    public async Task RunOnceAsync_ChangedRecord_IsSentAgainAsUpdateAndUnchangedIsNot()
    {
        var records = Calls.Range(20);
        _source.PutRange(records);
        var stream = NewStream();
        await stream.RunOnceAsync();

        var changed = records[18] with { Disposition = "callback", UpdatedAt = records[19].StartedAt };
        _source.Put(changed);
        var report = await stream.RunOnceAsync();

        report.Written.Should().Be(1);
        _sink.Writes[changed.Key].Should().Be(2);
        _sink.Held[changed.Key].Disposition.Should().Be("callback");
        _sink.Writes.Where(w => w.Key != changed.Key).Should().AllSatisfy(w => w.Value.Should().Be(1));
    }

    [Test]
    public async Task RunOnceAsync_NotFinalRecord_CheckpointStopsBeforeItAndFinalStateArrivesAsUpdate()
    {
        var records = Calls.Range(10);
        records[4] = Calls.Make(4, isFinal: false);
        _source.PutRange(records);
        var stream = NewStream();

        await stream.RunOnceAsync();

        (await Store.Checkpoints.GetAsync("calls")).Should().Be(InMemoryCallSource.PositionOf(records[3]));
        _sink.Held.Should().HaveCount(10, "records after the open call are delivered; only the checkpoint waits");
        _sink.Held[records[4].Key].IsFinal.Should().BeFalse();

        _source.Put(Calls.Make(4));
        Time.Advance(TimeSpan.FromMinutes(1));
        var second = await stream.RunOnceAsync();

        second.Written.Should().Be(1);
        _sink.Held[records[4].Key].IsFinal.Should().BeTrue();
        _sink.Writes[records[4].Key].Should().Be(2);
        (await Store.Checkpoints.GetAsync("calls")).Should().Be(InMemoryCallSource.PositionOf(records[9]));
    }

    [Test]
    public async Task RunOnceAsync_LateRecordNotFinalBehindTheWatermark_MovesCheckpointBackBeforeIt()
    {
        var records = Calls.Range(10, i => Calls.Epoch + Duration.FromMinutes(i));
        _source.PutRange(records);
        var stream = NewStream();
        await stream.RunOnceAsync();
        var late = Calls.Make(77, Calls.Epoch + Duration.FromMinutes(7.5), isFinal: false);
        _source.Put(late);

        await stream.RunOnceAsync();

        (await Store.Checkpoints.GetAsync("calls")).Should().Be(InMemoryCallSource.PositionOf(records[7]), "the watermark may never pass a record that is not final");
        _source.Put(Calls.Make(77, Calls.Epoch + Duration.FromMinutes(7.5)));
        Time.Advance(TimeSpan.FromMinutes(1));
        var third = await stream.RunOnceAsync();
        third.Written.Should().Be(1);
        _sink.Held[late.Key].IsFinal.Should().BeTrue();
        (await Store.Checkpoints.GetAsync("calls")).Should().Be(InMemoryCallSource.PositionOf(records[9]));
    }

    [Test]
    public async Task RunOnceAsync_RecordCreatedWhileRunReads_IsLeftForTheNextRun()
    {
        _source.PutRange(Calls.Range(300));
        var during = Calls.Make(900, Instant.FromDateTimeOffset(Time.GetUtcNow()));
        _source.OnYield = (i, _) =>
        {
            if (i == 150)
            {
                _source.Put(during);
            }

            return ValueTask.CompletedTask;
        };
        var stream = NewStream();

        var first = await stream.RunOnceAsync();
        _source.OnYield = null;
        Time.Advance(TimeSpan.FromSeconds(1));
        var second = await stream.RunOnceAsync();

        _source.Requests[0].Until.Should().Be(Instant.FromDateTimeOffset(Time.GetUtcNow() - TimeSpan.FromSeconds(1)));
        first.Written.Should().Be(300);
        second.Written.Should().Be(1);
        _sink.Held.Should().ContainKey(during.Key);
    }

    [Test]
    public async Task RunOnceAsync_PermanentFailureOfOneRecord_DeadLettersItAndDeliversTheRest()
    {
        var records = Calls.Range(50);
        _source.PutRange(records);
        _sink.RecordFailure = r => r.SourceId == "call-000007"
            ? new ConnectorError { Code = ConnectorErrorCode.ValidationFailed, HttpStatus = 422, TechnicalDetail = "subject too long" }
            : null;
        var stream = NewStream();

        var report = await stream.RunOnceAsync();

        report.DeadLettered.Should().Be(1);
        report.Written.Should().Be(49);
        var dead = await Store.DeadLetters.ListAsync(new DeadLetterQuery("calls"));
        dead.Should().ContainSingle();
        dead[0].Message.Key.Should().Be(records[7].Key);
        dead[0].Message.ErrorCode.Should().Be("VALIDATION_FAILED");
        dead[0].Message.Reason.Should().Be("subject too long");
        (await Store.Checkpoints.GetAsync("calls")).Should().Be(InMemoryCallSource.PositionOf(records[^1]));

        var again = await stream.RunOnceAsync();
        again.DeadLettered.Should().Be(0, "an unchanged dead-lettered record is not retried on every run");
        (await Store.DeadLetters.CountAsync("calls")).Should().Be(1);
    }

    [Test]
    public async Task RunOnceAsync_WholeBatchRefusedForOneBadRecord_IsolatesTheBadRecord()
    {
        var records = Calls.Range(30);
        _source.PutRange(records);
        _sink.BeforeWrite = (batch, _) => batch.Any(r => r.SourceId == "call-000013")
            ? throw new ConnectorException(new ConnectorError { Code = ConnectorErrorCode.ValidationFailed, HttpStatus = 400 })
            : ValueTask.CompletedTask;
        var stream = NewStream();

        var report = await stream.RunOnceAsync();

        report.DeadLettered.Should().Be(1);
        _sink.Held.Should().HaveCount(29).And.NotContainKey(records[13].Key);
    }

    [Test]
    public async Task RunOnceAsync_CleansingRuleRefusesRecord_DeadLettersItWithTheRuleCode()
    {
        var records = Calls.Range(10);
        records[3] = records[3] with { From = new PhoneNumber("not a number") };
        _source.PutRange(records);
        var stream = NewStream(transforms: [new Sync.Transforms.PhoneNumberTransform(new CallCrm.Connectors.Normalization.PhoneNumberNormalizer(new CallCrm.Connectors.Normalization.PhoneNumberNormalizerOptions { DefaultRegion = "CN" })) { RequireCaller = true }]);

        var report = await stream.RunOnceAsync();

        report.DeadLettered.Should().Be(1);
        _sink.Held.Should().HaveCount(9);
        _sink.Held.Values.Should().AllSatisfy(r => r.From.E164.Should().NotBeNull());
        var dead = await Store.DeadLetters.ListAsync(new DeadLetterQuery("calls"));
        dead.Single().Message.ErrorCode.Should().Be(ConnectorErrorCode.InvalidPhoneNumber.Value);
    }

    [Test]
    public async Task RunOnceAsync_TransientRecordFailures_AreRetriedAndCountedInReport()
    {
        _source.PutRange(Calls.Range(40));
        var failedOnce = new HashSet<string>();
        _sink.RecordFailure = r =>
        {
            lock (failedOnce)
            {
                return r.SourceId.EndsWith('3') && failedOnce.Add(r.Key)
                    ? new ConnectorError { Code = ConnectorErrorCode.RateLimited, IsTransient = true, HttpStatus = 429 }
                    : null;
            }
        };
        var stream = NewStream();

        var report = await stream.RunOnceAsync();

        report.Written.Should().Be(40);
        report.Retried.Should().BeGreaterThan(0);
        report.Buffered.Should().Be(0);
        _sink.Writes.Values.Should().AllSatisfy(w => w.Should().Be(1), "a retry sends only what the sink did not confirm");
    }

    [Test]
    public async Task RunOnceAsync_SinkBudgetSpent_EndsSuccessfullyWithCheckpointAndResumeTime()
    {
        var records = Calls.Range(500);
        _source.PutRange(records);
        var budgetLeft = 2;
        _sink.BeforeWrite = (_, _) => Interlocked.Decrement(ref budgetLeft) < 0
            ? throw new ConnectorException(new ConnectorError { Code = ConnectorErrorCode.BudgetExhausted, SystemName = "memory-crm", RetryAfter = TimeSpan.FromHours(5) })
            : ValueTask.CompletedTask;
        var stream = NewStream(configure: o => o.MaxConcurrency = 1);

        var report = await stream.RunOnceAsync();

        report.Outcome.Should().Be(SyncRunOutcome.BudgetExhausted);
        report.ResumesAt.Should().Be(Instant.FromDateTimeOffset(Time.GetUtcNow()) + Duration.FromHours(5));
        report.Message.Should().Contain("memory-crm").And.Contain("resumes at");
        report.Written.Should().Be(200);
        _sink.Calls.Should().Be(3, "a spent budget is not retried");
        (await Store.Checkpoints.GetAsync("calls")).Should().Be(InMemoryCallSource.PositionOf(records[199]));

        budgetLeft = int.MaxValue;
        var resumed = await stream.RunOnceAsync();
        resumed.Outcome.Should().Be(SyncRunOutcome.Completed);
        _sink.Held.Should().HaveCount(500);
        _sink.Writes.Values.Should().AllSatisfy(w => w.Should().Be(1));
    }

    [Test]
    public async Task RunOnceAsync_SourceBudgetSpent_WritesWhatWasReadAndReportsResumeTime()
    {
        var records = Calls.Range(300);
        _source.PutRange(records);
        _source.BudgetAfter = 120;
        var stream = NewStream();

        var report = await stream.RunOnceAsync();

        report.Outcome.Should().Be(SyncRunOutcome.BudgetExhausted);
        report.Written.Should().Be(120);
        (await Store.Checkpoints.GetAsync("calls")).Should().Be(InMemoryCallSource.PositionOf(records[119]));
        report.ResumesAt.Should().Be(Instant.FromDateTimeOffset(Time.GetUtcNow()) + Duration.FromHours(3));
    }

    [Test]
    public async Task RunOnceAsync_NoSinkUpsertAndCrashLeftSendPending_DeadLettersAsUncertainNeverDuplicates()
    {
        var sink = new RecordingCrmSink { Capabilities = new() { MaxBatchSize = 10, MaxConcurrency = 1, SupportsUpsertByExternalId = false } };
        _sink = sink;
        _source.PutRange(Calls.Range(30));
        using var crash = new CancellationTokenSource();
        sink.AfterWrite = batch =>
        {
            // The sink has the records, but the process "dies" before the engine hears back.
            if (batch.Any(r => r.SourceId == "call-000015"))
            {
                crash.Cancel();
            }
        };
        sink.BeforeWrite = (_, ct) =>
        {
            ct.ThrowIfCancellationRequested();
            return ValueTask.CompletedTask;
        };
        var first = NewStream();
        var act = () => first.RunOnceAsync(cancellationToken: crash.Token);
        await act.Should().ThrowAsync<OperationCanceledException>();

        sink.AfterWrite = null;
        var report = await NewStream(NewEngine()).RunOnceAsync();

        sink.Repeats.Should().Be(0);
        report.DeadLettered.Should().Be(10);
        var dead = await Store.DeadLetters.ListAsync(new DeadLetterQuery("calls", "DELIVERY_UNCERTAIN"));
        dead.Select(d => d.Message.Key).Should().BeEquivalentTo(Enumerable.Range(10, 10).Select(i => Calls.Make(i).Key));
        sink.Held.Should().HaveCount(30);
    }

    [Test]
    public async Task RunOnceAsync_NoSinkUpsertAndResendPolicy_SendsPendingAgain()
    {
        var sink = new RecordingCrmSink { Capabilities = new() { MaxBatchSize = 10, MaxConcurrency = 1, SupportsUpsertByExternalId = false } };
        _sink = sink;
        _source.PutRange(Calls.Range(20));
        using var crash = new CancellationTokenSource();
        sink.BeforeWrite = (batch, ct) =>
        {
            if (batch.Any(r => r.SourceId == "call-000015"))
            {
                crash.Cancel();
                ct.ThrowIfCancellationRequested();
            }

            return ValueTask.CompletedTask;
        };
        var act = () => NewStream(configure: o => o.UncertainDelivery = UncertainDeliveryPolicy.Resend).RunOnceAsync(cancellationToken: crash.Token);
        await act.Should().ThrowAsync<OperationCanceledException>();

        sink.BeforeWrite = null;
        var report = await NewStream(NewEngine(), o => o.UncertainDelivery = UncertainDeliveryPolicy.Resend).RunOnceAsync();

        report.DeadLettered.Should().Be(0);
        sink.Held.Should().HaveCount(20);
    }

    [Test]
    public async Task IngestAsync_PartialBatch_IsSentWhenMaxBatchDelayPassesOnTheEngineClock()
    {
        var stream = NewStream(configure: o => o.MaxBatchDelay = TimeSpan.FromSeconds(2));
        var timers = Time.TimersCreated;

        var both = Task.WhenAll(stream.IngestAsync(Calls.Make(1)).AsTask(), stream.IngestAsync(Calls.Make(2)).AsTask());
        await Time.WaitForTimerAfterAsync(timers);
        Time.Advance(TimeSpan.FromSeconds(1.9));
        for (var i = 0; i < 1_000; i++)
        {
            await Task.Yield();
        }

        _sink.Calls.Should().Be(0, "a partial batch waits up to the batch delay for more records");
        Time.Advance(TimeSpan.FromSeconds(0.1));
        (await both).Should().AllBeEquivalentTo(IngestOutcome.Written);
        _sink.Calls.Should().Be(1, "both pushed records went in one batch");
    }

    [Test]
    public async Task IngestAsync_SameRecordPushedAfterARunDeliveredIt_IsNotSentAgain()
    {
        var record = Calls.Make(7);
        _source.Put(record);
        var stream = NewStream();
        await stream.RunOnceAsync();

        var pushed = stream.IngestAsync(record).AsTask();
        await AdvanceUntilAsync(pushed, TimeSpan.FromSeconds(1));

        (await pushed).Should().Be(IngestOutcome.Unchanged);
        _sink.Writes[record.Key].Should().Be(1);
    }

    [Test]
    public async Task IngestAsync_SinkDown_BuffersAndRunDeliversAfterRecovery()
    {
        var stream = NewStream(configure: o => o.MaxBatchSize = 1);
        _sink.Down = true;

        var outcome = await stream.IngestAsync(Calls.Make(3));

        outcome.Should().Be(IngestOutcome.Buffered);
        (await Store.Outbox.GetStatisticsAsync("calls")).Depth.Should().Be(1);
        _sink.Down = false;
        Time.Advance(TimeSpan.FromMinutes(1));
        (await stream.DrainOutboxAsync()).Should().BeTrue();
        _sink.Held.Should().ContainKey(Calls.Make(3).Key);
    }

    [Test]
    public async Task IngestAsync_OnlyPushesAndSinkRecovers_OutboxDrainsWithoutAnyRun()
    {
        var stream = NewStream(configure: o =>
        {
            o.MaxBatchSize = 1;
            o.OutboxProbeInterval = TimeSpan.FromMinutes(1);
        });
        _sink.Down = true;
        (await stream.IngestAsync(Calls.Make(8))).Should().Be(IngestOutcome.Buffered);
        _sink.Down = false;

        await AdvanceUntilAsync(OutboxEmptyAsync(), TimeSpan.FromSeconds(10));

        _sink.Writes[Calls.Make(8).Key].Should().Be(1);
    }

    private async Task OutboxEmptyAsync()
    {
        while ((await Store.Outbox.GetStatisticsAsync("calls")).Depth > 0)
        {
            await Task.Yield();
        }
    }

    [Test]
    public async Task GetHealthAsync_AfterRun_ReportsLagOutboxAndDeadLetters()
    {
        _source.PutRange(Calls.Range(5));
        _sink.RecordFailure = r => r.SourceId == "call-000002" ? new ConnectorError { Code = ConnectorErrorCode.ValidationFailed } : null;
        var engine = NewEngine();
        var stream = NewStream(engine);
        await stream.RunOnceAsync();

        var health = (await engine.GetHealthAsync()).Single();

        health.Stream.Should().Be("calls");
        health.Circuit.Should().Be(Health.CircuitStatus.Closed);
        health.OutboxDepth.Should().Be(0);
        health.DeadLetters.Should().Be(1);
        health.CheckpointLag.Should().Be(Time.GetUtcNow() - (Calls.Epoch + Duration.FromSeconds(4)).ToDateTimeOffset());
        health.LastRunEndedAt.Should().NotBeNull();
    }


    private sealed class SynchronousProgress(Action<SyncProgress> handler) : IProgress<SyncProgress>
    {
        public void Report(SyncProgress value) => handler(value);
    }

    /// <summary>Collects run reports and notes the clock's timer count at each, so a test can wait for the poll wait that follows.</summary>
}
