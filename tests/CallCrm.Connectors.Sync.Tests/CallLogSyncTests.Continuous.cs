using CallCrm.Connectors.Storage.Sqlite;
using CallCrm.Connectors.Sync.Tests.TestProviders;
using NodaTime;

namespace CallCrm.Connectors.Sync.Tests;

/// <summary>The continuous loop every stream shares, driven through a call-log stream.</summary>
public sealed partial class CallLogSyncTests
{
    [Test]
    public async Task RunContinuouslyAsync_NewRecordAfterPollInterval_IsPickedUpByTheNextRun()
    {
        _source.PutRange(Calls.Range(5));
        var stream = NewStream(configure: o => o.PollInterval = TimeSpan.FromMinutes(1));
        var runs = new RunWatcher(Time);
        using var stop = new CancellationTokenSource();

        var loop = stream.RunContinuouslyAsync(onRunCompleted: runs.Completed, cancellationToken: stop.Token);
        await runs.WaitForPollAsync(1);
        _sink.Held.Should().HaveCount(5);

        _source.Put(Calls.Make(5, Instant.FromDateTimeOffset(Time.GetUtcNow()) - Duration.FromSeconds(1)));
        Time.Advance(TimeSpan.FromSeconds(59));
        await runs.WaitForPollAsync(1, yieldOnly: true);
        Time.Advance(TimeSpan.FromSeconds(1));
        await runs.WaitForPollAsync(2);

        _sink.Held.Should().HaveCount(6);
        runs.Reports[1].Written.Should().Be(1);
        await stop.CancelAsync();
        await loop;
    }

    [Test]
    public async Task RunContinuouslyAsync_BudgetSpent_WaitsUntilTheBudgetResetsNotJustThePollInterval()
    {
        _source.PutRange(Calls.Range(5));
        _source.BudgetAfter = 2;
        _source.BudgetResetsIn = TimeSpan.FromHours(2);
        var stream = NewStream(configure: o => o.PollInterval = TimeSpan.FromMinutes(1));
        var runs = new RunWatcher(Time);
        using var stop = new CancellationTokenSource();

        var loop = stream.RunContinuouslyAsync(onRunCompleted: runs.Completed, cancellationToken: stop.Token);
        await runs.WaitForPollAsync(1);
        runs.Reports[0].Outcome.Should().Be(SyncRunOutcome.BudgetExhausted);
        _source.BudgetAfter = null;
        Time.Advance(TimeSpan.FromMinutes(119));
        await runs.WaitForPollAsync(1, yieldOnly: true);
        Time.Advance(TimeSpan.FromMinutes(1));
        await runs.WaitForPollAsync(2);

        runs.Reports[1].Outcome.Should().Be(SyncRunOutcome.Completed);
        _sink.Held.Should().HaveCount(5);
        await stop.CancelAsync();
        await loop;
    }

    [Test]
    public async Task RunContinuouslyAsync_LeaseHeldByAnotherInstance_SkipsRunsUntilTheLeaseIsFreeThenRunsUnderIt()
    {
        _source.PutRange(Calls.Range(5));
        var stream = NewStream(configure: o => o.PollInterval = TimeSpan.FromMinutes(1));
        var leases = new FakeStreamLeases { HeldElsewhere = true, Tokens = new SqliteStreamLeaseProvider((SqliteStateStore)Store) };
        var runs = new RunWatcher(Time);
        var skipped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stop = new CancellationTokenSource();
        var timers = Time.TimersCreated;

        var loop = stream.RunContinuouslyAsync(
            new ContinuousRunOptions
            {
                Leases = leases,
                RunCompleted = report =>
                {
                    leases.HeldByRun.Should().BeFalse("the lease is released when the run ends, before the report is handed over");
                    runs.Completed(report);
                },
                RunSkipped = () => skipped.TrySetResult(),
            },
            stop.Token);
        await skipped.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await Time.WaitForTimerAfterAsync(timers);

        leases.Refused.Should().Be(1);
        _source.Requests.Should().BeEmpty("an instance without the lease leaves the stream to the one that holds it");
        _sink.Held.Should().BeEmpty();

        leases.HeldElsewhere = false;
        Time.Advance(TimeSpan.FromMinutes(1));
        await runs.WaitForPollAsync(1);

        _sink.Held.Should().HaveCount(5);
        leases.Acquired.Should().Be(1);
        leases.Released.Should().Be(1);
        leases.Streams.Should().AllBe("calls");
        await stop.CancelAsync();
        await loop;
    }

    [Test]
    public async Task RunContinuouslyAsync_StopWhileWaitingForTheLease_EndsWithoutRunning()
    {
        _source.PutRange(Calls.Range(5));
        var stream = NewStream();
        var leases = new FakeStreamLeases { WaitUntilCancelled = true, Tokens = new SqliteStreamLeaseProvider((SqliteStateStore)Store) };
        using var stop = new CancellationTokenSource();
        var completed = 0;

        var loop = stream.RunContinuouslyAsync(
            new ContinuousRunOptions
            {
                Run = new SyncRunOptions { StoppingToken = stop.Token },
                Leases = leases,
                RunCompleted = _ => Interlocked.Increment(ref completed),
            });
        await leases.Waiting.WaitAsync(TimeSpan.FromSeconds(30));
        await stop.CancelAsync();
        await loop.WaitAsync(TimeSpan.FromSeconds(30));

        completed.Should().Be(0);
        leases.Acquired.Should().Be(0);
        _source.Requests.Should().BeEmpty();
        _sink.Held.Should().BeEmpty();
    }

    [Test]
    public async Task RunContinuouslyAsync_RunFailedCallbackGiven_ReceivesTheFailureAndTheLoopGoesOn()
    {
        _source.PutRange(Calls.Range(5));
        var stream = NewStream(configure: o => o.PollInterval = TimeSpan.FromMinutes(1));
        var failures = new List<Exception>();
        var failed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var runs = new RunWatcher(Time);
        var between = 0;
        using var stop = new CancellationTokenSource();
        var timers = Time.TimersCreated;
        _source.OnYield = (_, _) => throw new InvalidOperationException("source broke");

        var loop = stream.RunContinuouslyAsync(
            new ContinuousRunOptions
            {
                RunCompleted = runs.Completed,
                RunFailed = ex =>
                {
                    failures.Add(ex);
                    failed.TrySetResult();
                },
                BetweenRunsAsync = _ =>
                {
                    Interlocked.Increment(ref between);
                    return ValueTask.CompletedTask;
                },
            },
            stop.Token);
        await failed.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await Time.WaitForTimerAfterAsync(timers);

        failures.Should().ContainSingle().Which.Should().BeOfType<InvalidOperationException>();
        _source.OnYield = null;
        Time.Advance(TimeSpan.FromMinutes(1));
        await runs.WaitForPollAsync(1);

        _sink.Held.Should().HaveCount(5);
        between.Should().Be(2, "the work between runs follows the failed run and the completed one");
        await stop.CancelAsync();
        await loop;
    }

    private sealed class RunWatcher(WatchedTimeProvider time)
    {
        private readonly List<int> _timersAtRun = [];
        private readonly List<TaskCompletionSource> _signals = [];

        public List<SyncRunReport> Reports { get; } = [];

        public void Completed(SyncRunReport report)
        {
            lock (Reports)
            {
                Reports.Add(report);
                _timersAtRun.Add(time.TimersCreated);
                Signal(Reports.Count).TrySetResult();
            }
        }

        /// <summary>Waits until <paramref name="runs"/> runs completed and the loop waits on the clock; with <paramref name="yieldOnly"/>,
        /// only yields for a while and checks that no further run started.</summary>
        public async Task WaitForPollAsync(int runs, bool yieldOnly = false)
        {
            Task done;
            lock (Reports)
            {
                done = Signal(runs).Task;
            }

            await done.WaitAsync(TimeSpan.FromSeconds(30));
            if (yieldOnly)
            {
                for (var i = 0; i < 2_000; i++)
                {
                    await Task.Yield();
                }

                Count().Should().Be(runs, "the poll wait has not ended yet");
                return;
            }

            int timers;
            lock (Reports)
            {
                timers = _timersAtRun[runs - 1];
            }

            await time.WaitForTimerAfterAsync(timers);
        }

        private TaskCompletionSource Signal(int run)
        {
            while (_signals.Count < run)
            {
                _signals.Add(new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
            }

            return _signals[run - 1];
        }

        private int Count()
        {
            lock (Reports)
            {
                return Reports.Count;
            }
        }
    }
}
