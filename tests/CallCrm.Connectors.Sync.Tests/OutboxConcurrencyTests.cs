using CallCrm.Connectors.Model;
using CallCrm.Connectors.State;
using CallCrm.Connectors.Sync.Tests.TestProviders;

namespace CallCrm.Connectors.Sync.Tests;

/// <summary>The outbox shared by drains, pushes and runs, in one process and across instances over one store: a drain never deletes
/// a newer version buffered while it sent an older one, and no instance trusts an old "the outbox is empty".</summary>
public sealed class OutboxConcurrencyTests : EngineTestBase
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private static readonly CallRecord InProgress = Calls.Make(7, isFinal: false);
    private static readonly CallRecord Completed = Calls.Make(7);
    private readonly List<IAsyncDisposable> _other = [];

    [Test]
    [CancelAfter(60_000)]
    public async Task DrainOutboxAsync_NewerVersionBufferedAfterTheDrainReadTheOlder_KeepsAndDeliversTheNewer()
    {
        var sink = new RecordingCrmSink();
        using var gate = new PausingTransform(r => r.Key == InProgress.Key && !r.IsFinal);
        var stream = NewEngine().AddCallLogStream(new CallLogStreamDefinition("calls", new InMemoryCallSource(), sink)
        {
            Options = Options(),
            Transforms = [gate],
        });
        sink.Down = true;
        (await stream.IngestAsync(InProgress)).Should().Be(IngestOutcome.Buffered);
        sink.Down = false;
        Time.Advance(TimeSpan.FromMinutes(1));

        // The drain reads the in-progress version, then stops in the mapping, before it locks the call's key.
        gate.Arm();
        var drain = Task.Run(async () => await stream.DrainOutboxAsync());
        gate.Reached.Wait(Wait).Should().BeTrue("the drain read the buffered version");

        // Meanwhile the completed version is pushed: it queues behind, into the same outbox entry.
        (await stream.IngestAsync(Completed).AsTask().WaitAsync(Wait)).Should().Be(IngestOutcome.Buffered);
        gate.Release();

        (await drain.WaitAsync(Wait)).Should().BeTrue();
        sink.Held[Completed.Key].Status.Should().Be(CallStatus.Completed, "the version buffered during the drain is delivered, not deleted");
        (await Store.Outbox.GetStatisticsAsync("calls")).Depth.Should().Be(0);
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task DrainOutboxAsync_AnotherInstanceBuffersANewerVersionDuringTheSend_TheNewerIsDeliveredAfterwards()
    {
        var crm = new RecordingCrmSink();
        var a = ThisInstance(crm);
        var b = await OtherInstanceAsync(crm);
        crm.Down = true;
        (await a.IngestAsync(InProgress)).Should().Be(IngestOutcome.Buffered);
        crm.Down = false;
        Time.Advance(TimeSpan.FromMinutes(1));

        var sending = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        crm.BeforeWrite = async (batch, ct) =>
        {
            if (batch.Any(r => r.Key == InProgress.Key && !r.IsFinal))
            {
                sending.TrySetResult();
                await release.Task.WaitAsync(ct);
            }
        };

        // A's drain sends the in-progress version; while the CRM holds the call, B is pushed the completed one and buffers it.
        var drain = a.DrainOutboxAsync().AsTask();
        await sending.Task.WaitAsync(Wait);
        (await b.IngestAsync(Completed).AsTask().WaitAsync(Wait)).Should().Be(IngestOutcome.Buffered);
        release.SetResult();

        (await drain.WaitAsync(Wait)).Should().BeTrue("A drains until the outbox is empty");
        crm.Held[Completed.Key].Status.Should().Be(CallStatus.Completed, "the completed version buffered by B is not deleted by A");
        (await Store.Outbox.GetStatisticsAsync("calls")).Depth.Should().Be(0);
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task RunOnceAsync_AnotherInstanceBufferedSinceThisOneLastRan_DrainsItFirstInsteadOfSendingAround()
    {
        var crm = new RecordingCrmSink();
        var source = new InMemoryCallSource();
        var b = await OtherInstanceAsync(crm, source);
        (await b.RunOnceAsync()).Read.Should().Be(0, "B ran once and saw an empty outbox");

        // Instance A, whose CRM is unreachable, buffers the in-progress version; then A goes away.
        var a = ThisInstance(crm);
        crm.Down = true;
        (await a.IngestAsync(InProgress)).Should().Be(IngestOutcome.Buffered);
        crm.Down = false;
        source.Put(Completed);
        Time.Advance(TimeSpan.FromMinutes(1));

        await b.RunOnceAsync();

        (await Store.Outbox.GetStatisticsAsync("calls")).Depth.Should().Be(0, "B drains what A buffered");
        crm.Held[Completed.Key].Status.Should().Be(CallStatus.Completed);
        crm.Writes[Completed.Key].Should().Be(2, "A's buffered version goes first, then the completed one read by the run");
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task IngestAsync_AnotherInstanceBufferedSinceThisOneLastSent_QueuesBehindAndDrainsBoth()
    {
        var crm = new RecordingCrmSink();
        var b = await OtherInstanceAsync(crm);
        (await b.IngestAsync(Calls.Make(1))).Should().Be(IngestOutcome.Written, "B sent once with an empty outbox");

        var a = ThisInstance(crm);
        crm.Down = true;
        (await a.IngestAsync(InProgress)).Should().Be(IngestOutcome.Buffered);
        crm.Down = false;

        (await b.IngestAsync(Completed)).Should().Be(IngestOutcome.Buffered, "the completed version must not overtake A's buffered one");
        Time.Advance(TimeSpan.FromMinutes(1));
        (await b.DrainOutboxAsync()).Should().BeTrue();

        crm.Held[Completed.Key].Status.Should().Be(CallStatus.Completed);
        (await Store.Outbox.GetStatisticsAsync("calls")).Depth.Should().Be(0);
    }

    [TearDown]
    public async Task TearDownOtherInstanceAsync()
    {
        for (var i = _other.Count - 1; i >= 0; i--)
        {
            await _other[i].DisposeAsync();
        }

        _other.Clear();
    }

    private CallLogSync ThisInstance(RecordingCrmSink crm) =>
        NewEngine().AddCallLogStream(new CallLogStreamDefinition("calls", new InMemoryCallSource(), crm) { Options = Options() });

    /// <summary>A second instance: its own engine over its own store opened on the same database file.</summary>
    private async Task<CallLogSync> OtherInstanceAsync(RecordingCrmSink crm, InMemoryCallSource? source = null)
    {
        var store = await TestStore.OpenAsync(DatabasePath);
        _other.Add(store);
        var engine = new SyncEngine(store, Time);
        _other.Add(engine);
        return engine.AddCallLogStream(new CallLogStreamDefinition("calls", source ?? new InMemoryCallSource(), crm) { Options = Options() });
    }

    private static SyncOptions Options() => FastOptions(o =>
    {
        // One record per batch, so a push is settled without waiting for the batch delay; no probe drain of its own in the way.
        o.MaxBatchSize = 1;
        o.OutboxProbeInterval = TimeSpan.FromHours(1);
    });

    /// <summary>A mapping step that, once armed, stops the first record it matches until released (on the thread that maps it).</summary>
    private sealed class PausingTransform(Func<CallRecord, bool> matches) : IRecordTransform<CallRecord>, IDisposable
    {
        private readonly ManualResetEventSlim _release = new(initialState: true);
        private int _armed;

        public ManualResetEventSlim Reached { get; } = new();

        public void Arm()
        {
            _release.Reset();
            Volatile.Write(ref _armed, 1);
        }

        public void Release() => _release.Set();

        public CallRecord Transform(CallRecord record)
        {
            if (matches(record) && Interlocked.Exchange(ref _armed, 0) == 1)
            {
                Reached.Set();
                _release.Wait(Wait).Should().BeTrue("the test releases the paused record");
            }

            return record;
        }

        public void Dispose()
        {
            _release.Dispose();
            Reached.Dispose();
        }
    }
}
