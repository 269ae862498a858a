using System.Text;
using CallCrm.Connectors.Errors;
using CallCrm.Connectors.State;
using CallCrm.Connectors.Sync.Internal;
using Microsoft.Extensions.Logging.Testing;
using NodaTime;

namespace CallCrm.Connectors.Sync.Tests.Internal;

/// <summary>The outbox's order rules, driven with a delivery the test decides, over the real SQLite store.</summary>
public sealed class StreamOutboxTests : EngineTestBase
{
    private const string Stream = "calls";

    private FakeLogger _logger = null!;
    private SemaphoreSlim _stateLock = null!;
    private StreamOutbox _outbox = null!;

    [SetUp]
    public void SetUpOutbox()
    {
        _logger = new FakeLogger();
        _stateLock = new SemaphoreSlim(1, 1);
        _outbox = new StreamOutbox(Stream, Store, Time, batchSize: 10, _stateLock, _logger);
    }

    [TearDown]
    public void TearDownOutbox()
    {
        _outbox.Dispose();
        _stateLock.Dispose();
    }

    [Test]
    public async Task DrainAsync_NothingWaits_ReturnsEmptyWithoutDelivering()
    {
        var calls = 0;

        var empty = await _outbox.DrainAsync(Decode, (_, _) => { calls++; return Task.FromResult(new StreamOutbox.DrainStep(true, null, 0)); }, new RunCounters(), CancellationToken.None);

        empty.Should().BeTrue();
        calls.Should().Be(0);
        _outbox.HoldsRecords.Should().BeFalse();
    }

    [Test]
    public async Task DrainAsync_FirstEntryCannotBeDelivered_ReturnsNotEmptyAndRecordsTheFailureOnThatEntryOnly()
    {
        await BufferAsync("a", "b");

        var empty = await _outbox.DrainAsync(Decode, (_, _) => Task.FromResult(new StreamOutbox.DrainStep(false, "SINK_DOWN", 0)), new RunCounters(), CancellationToken.None);

        empty.Should().BeFalse("both records still wait");
        _outbox.HoldsRecords.Should().BeTrue();
        var entries = await WaitingAsync();
        entries.Select(e => (e.Message.Key, e.Attempts, e.LastErrorCode)).Should().Equal(("a", 1, "SINK_DOWN"), ("b", 0, (string?)null));
    }

    [Test]
    public async Task DrainAsync_StepWithoutFailureCode_RecordsNoFailure()
    {
        await BufferAsync("a");

        var empty = await _outbox.DrainAsync(Decode, (_, _) => Task.FromResult(new StreamOutbox.DrainStep(false, null, 0)), new RunCounters(), CancellationToken.None);

        empty.Should().BeFalse();
        (await WaitingAsync()).Single().Attempts.Should().Be(0, "a spent budget is not a failure of the entry");
    }

    [Test]
    public async Task DrainAsync_EveryEntryDelivered_ReturnsEmptyAndLogsTheCount()
    {
        await BufferAsync("a", "b", "c");
        var seen = new List<string>();

        var empty = await _outbox.DrainAsync(Decode, DeliverAllAsync(seen), new RunCounters(), CancellationToken.None);

        empty.Should().BeTrue();
        _outbox.HoldsRecords.Should().BeFalse();
        seen.Should().Equal("a", "b", "c");
        DrainedCounts().Should().Equal("3");
    }

    [Test]
    public async Task DrainAsync_PartlyDeliveredThenStuck_ReturnsNotEmptyAndLogsWhatWasDelivered()
    {
        await BufferAsync("a", "b");
        var batches = 0;
        Task<StreamOutbox.DrainStep> DeliverAsync(List<(string Item, OutboxCompletion Entry)> work, CancellationToken ct) =>
            ++batches == 1
                ? CompleteAsync(work.Take(1).ToList(), allSettled: false, delivered: 1, ct)
                : throw new AssertionException("the drain stops at the first entry it cannot deliver");

        var empty = await _outbox.DrainAsync(Decode, DeliverAsync, new RunCounters(), CancellationToken.None);

        empty.Should().BeFalse();
        DrainedCounts().Should().Equal("1");
    }

    [Test]
    public async Task DrainAsync_UnreadableEntry_IsDeadLetteredAndTheRestDelivered()
    {
        await BufferAsync("a", "bad", "c");
        var seen = new List<string>();
        var counters = new RunCounters();

        var empty = await _outbox.DrainAsync(Decode, DeliverAllAsync(seen), counters, CancellationToken.None);

        empty.Should().BeTrue();
        seen.Should().Equal("a", "c");
        counters.DeadLettered.Should().Be(1);
        var dead = (await Store.DeadLetters.ListAsync(new DeadLetterQuery(Stream))).Single();
        (dead.Message.Key, dead.Message.ErrorCode, dead.Message.Reason).Should().Be(("bad", "BAD_PAYLOAD", "BAD_PAYLOAD"), "without a technical detail the code is the reason");
    }

    [Test]
    public async Task DrainAsync_OnlyUnreadableEntriesAndDeliveryNotSettled_RecordsNoFailure()
    {
        await BufferAsync("bad");

        var act = () => _outbox.DrainAsync(Decode, (_, _) => Task.FromResult(new StreamOutbox.DrainStep(false, "SINK_DOWN", 0)), new RunCounters(), CancellationToken.None);

        (await act.Should().NotThrowAsync()).Subject.Should().BeFalse();
        (await Store.DeadLetters.CountAsync(Stream)).Should().Be(1);
    }

    [Test]
    public async Task DrainAsync_StoppingBeforeItStarts_ReportsWhetherRecordsWait()
    {
        await BufferAsync("a");
        (await _outbox.RefreshStateAsync(CancellationToken.None)).Should().BeFalse();
        using var stopping = new CancellationTokenSource();
        await stopping.CancelAsync();

        var empty = await _outbox.DrainAsync(Decode, (_, _) => throw new AssertionException("a stopping drain delivers nothing"), new RunCounters(), CancellationToken.None, stopping.Token);

        empty.Should().BeFalse("a record waits");
    }

    [Test]
    public async Task DrainAsync_StoppedBetweenBatches_ReturnsNotEmptyWhileRecordsWait()
    {
        _outbox.Dispose();
        _outbox = new StreamOutbox(Stream, Store, Time, batchSize: 1, _stateLock, _logger);
        await BufferAsync("a", "b");
        using var stopping = new CancellationTokenSource();
        var seen = new List<string>();
        var deliver = DeliverAllAsync(seen);

        var empty = await _outbox.DrainAsync(
            Decode,
            async (work, ct) =>
            {
                var step = await deliver(work, ct);
                await stopping.CancelAsync();
                return step;
            },
            new RunCounters(),
            CancellationToken.None,
            stopping.Token);

        empty.Should().BeFalse("'b' still waits");
        seen.Should().Equal("a");
        DrainedCounts().Should().Equal("1");
    }

    [Test]
    public async Task MarkBuffered_AfterEmptyRefresh_HoldsRecords()
    {
        (await _outbox.RefreshStateAsync(CancellationToken.None)).Should().BeTrue();
        _outbox.HoldsRecords.Should().BeFalse();

        _outbox.MarkBuffered();

        _outbox.HoldsRecords.Should().BeTrue();
    }

    private static string Decode(OutboxEntry entry)
    {
        var key = Encoding.UTF8.GetString(entry.Message.Payload.Span);
        return key == "bad"
            ? throw new ConnectorException(new ConnectorError { Code = new ConnectorErrorCode("BAD_PAYLOAD") })
            : key;
    }

    private Func<List<(string Item, OutboxCompletion Entry)>, CancellationToken, Task<StreamOutbox.DrainStep>> DeliverAllAsync(List<string> seen) =>
        (work, ct) =>
        {
            seen.AddRange(work.Select(w => w.Item));
            return CompleteAsync(work, allSettled: true, delivered: work.Count, ct);
        };

    private async Task<StreamOutbox.DrainStep> CompleteAsync(List<(string Item, OutboxCompletion Entry)> done, bool allSettled, int delivered, CancellationToken ct)
    {
        await Store.CommitAsync(new StateCommit(Stream) { CompletedOutbox = done.ConvertAll(w => w.Entry) }, ct);
        return new StreamOutbox.DrainStep(allSettled, allSettled ? null : "SINK_DOWN", delivered);
    }

    private async Task BufferAsync(params string[] keys)
    {
        var now = Instant.FromDateTimeOffset(Time.GetUtcNow());
        var messages = keys.Select(k => new OutboxMessage(Stream, k, "p", "test", Encoding.UTF8.GetBytes(k), now)).ToList();
        await Store.CommitAsync(new StateCommit(Stream) { OutboxMessages = messages });
    }

    private async Task<IReadOnlyList<OutboxEntry>> WaitingAsync()
    {
        // Far in the future, so that entries put off by a recorded failure are listed too.
        return await Store.Outbox.PeekAsync(Stream, 10, Instant.FromDateTimeOffset(Time.GetUtcNow()) + Duration.FromDays(365));
    }

    /// <summary>The counts of the "outbox records delivered" log entries.</summary>
    private List<string?> DrainedCounts() =>
        _logger.Collector.GetSnapshot().Where(r => r.Id.Id == 6).Select(r => r.StructuredState!.Single(p => p.Key == "Count").Value).ToList();
}
