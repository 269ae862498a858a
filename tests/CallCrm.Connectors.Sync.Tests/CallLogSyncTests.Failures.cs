using System.Collections.Concurrent;
using CallCrm.Connectors.Auditing;
using CallCrm.Connectors.Errors;
using CallCrm.Connectors.State;
using CallCrm.Connectors.Sync.Tests.TestProviders;
using NodaTime;

namespace CallCrm.Connectors.Sync.Tests;

/// <summary>Failures a run must not hide, and what a settled record reports: tests that mutation testing found missing.</summary>
public sealed partial class CallLogSyncTests
{
    [Test]
    public async Task RunOnceAsync_SourceFailsMidRead_ThrowsAndKeepsTheCheckpointBeforeTheFailure()
    {
        _source.PutRange(Calls.Range(5));
        _source.OnYield = (i, _) => i == 3 ? throw new InvalidOperationException("source broke") : ValueTask.CompletedTask;
        var stream = NewStream();

        var act = () => stream.RunOnceAsync();

        await act.Should().ThrowAsync<InvalidOperationException>().WithMessage("source broke");
    }

    [Test]
    public async Task RunOnceAsync_WriterFails_ThrowsAndStoresNoCheckpoint()
    {
        _source.PutRange(Calls.Range(5));
        _sink.BeforeWrite = (_, _) => throw new InvalidOperationException("crm client broke");
        var stream = NewStream();

        var act = () => stream.RunOnceAsync();

        await act.Should().ThrowAsync<ConnectorException>().WithMessage("*crm client broke*");
        (await Store.Checkpoints.GetAsync("calls")).Should().BeNull("nothing was settled");
    }

    [Test]
    public async Task RunOnceAsync_NewThenChangedRecord_AuditsCallWrittenThenCallUpdated()
    {
        var auditor = new RecordingAuditor();
        var engine = new SyncEngine(Store, Time, auditor: auditor);
        await using var _ = engine;
        var stream = NewStream(engine);
        var first = Calls.Make(1) with { UpdatedAt = Calls.Epoch + Duration.FromMinutes(10) };
        _source.Put(first);
        var run1 = await stream.RunOnceAsync();
        _source.Put(first with { Disposition = "callback", UpdatedAt = Calls.Epoch + Duration.FromMinutes(20) });

        var run2 = await stream.RunOnceAsync();

        auditor.Changes.Select(c => (c.Kind, c.Stream, c.EntityType, c.EntityKey, c.TargetSystem, c.RunId)).Should().Equal(
            (DataChangeKind.CallWritten, "calls", DataChangeEntityTypes.Call, first.Key, _sink.Name, run1.RunId),
            (DataChangeKind.CallUpdated, "calls", DataChangeEntityTypes.Call, first.Key, _sink.Name, run2.RunId));
    }

    [Test]
    public async Task RunOnceAsync_RecordWrittenAfterItWasDeadLettered_IsAuditedAsWrittenNotUpdated()
    {
        var auditor = new RecordingAuditor();
        var engine = new SyncEngine(Store, Time, auditor: auditor);
        await using var _ = engine;
        var stream = NewStream(engine);
        var record = Calls.Make(1) with { UpdatedAt = Calls.Epoch + Duration.FromMinutes(10) };
        _source.Put(record);
        _sink.RecordFailure = _ => new ConnectorError { Code = ConnectorErrorCode.ValidationFailed, HttpStatus = 422 };
        await stream.RunOnceAsync();
        _sink.RecordFailure = null;
        _source.Put(record with { Agent = "agent-7", UpdatedAt = Calls.Epoch + Duration.FromMinutes(20) });

        await stream.RunOnceAsync();

        auditor.Changes.Select(c => c.Kind).Should().Equal([DataChangeKind.CallWritten], "the CRM never held the record before");
    }

    [Test]
    public async Task ReplayAsync_SinkTransientlyDown_BuffersTheReplayedRecordAndDeliversItOnTheNextDrain()
    {
        var record = Calls.Make(1);
        _source.Put(record);
        _sink.RecordFailure = _ => new ConnectorError { Code = ConnectorErrorCode.ValidationFailed, HttpStatus = 422 };
        var engine = NewEngine();
        var stream = NewStream(engine);
        await stream.RunOnceAsync();
        var dead = (await engine.DeadLetters.ListAsync(new DeadLetterQuery("calls"))).Single();
        _sink.RecordFailure = null;
        _sink.Down = true;

        var result = await engine.DeadLetters.ReplayAsync([dead.Id]);

        result.Replayed.Should().Equal([dead.Id], "the record is safe in the outbox: it is no longer a dead letter");
        (await Store.DeadLetters.CountAsync("calls")).Should().Be(0);
        (await Store.Outbox.GetStatisticsAsync("calls")).Depth.Should().Be(1);
        _sink.Held.Should().BeEmpty();
        (await stream.DrainOutboxAsync()).Should().BeFalse("the sink is still down and the record waits");

        _sink.Down = false;
        Time.Advance(TimeSpan.FromHours(1));
        (await stream.DrainOutboxAsync()).Should().BeTrue();
        _sink.Held.Should().ContainKey(record.Key);
    }

    private sealed class RecordingAuditor : IDataChangeAuditor
    {
        private readonly ConcurrentQueue<DataChange> _changes = new();

        public IReadOnlyList<DataChange> Changes => [.. _changes];

        public ValueTask RecordAsync(IReadOnlyList<DataChange> changes, CancellationToken cancellationToken = default)
        {
            foreach (var change in changes)
            {
                _changes.Enqueue(change);
            }

            return ValueTask.CompletedTask;
        }
    }
}
