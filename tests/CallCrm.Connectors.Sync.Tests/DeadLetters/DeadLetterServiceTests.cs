using CallCrm.Connectors.Errors;
using CallCrm.Connectors.Model;
using CallCrm.Connectors.State;
using CallCrm.Connectors.Sync.Tests.TestProviders;
using NodaTime;

namespace CallCrm.Connectors.Sync.Tests.DeadLetters;

public sealed class DeadLetterServiceTests : EngineTestBase
{
    [Test]
    public async Task FixAndReplayAsync_FixedRecord_IsDeliveredAndRemoved()
    {
        var source = new InMemoryCallSource();
        source.PutRange(Calls.Range(10));
        var sink = new RecordingCrmSink
        {
            RecordFailure = r => r.Agent is null && r.SourceId == "call-000004"
                ? new ConnectorError { Code = ConnectorErrorCode.ValidationFailed, HttpStatus = 422, TechnicalDetail = "agent required" }
                : null,
        };
        var engine = NewEngine();
        engine.AddCallLogStream(new CallLogStreamDefinition("calls", source, sink) { Options = FastOptions() });
        await engine.Streams["calls"].RunOnceAsync();

        var dead = await engine.DeadLetters.ListAsync(new DeadLetterQuery("calls"));
        var record = await engine.DeadLetters.GetCallRecordAsync(dead.Single().Id);
        (await engine.DeadLetters.FixAsync(dead[0].Id, record! with { Agent = "agent-7" })).Should().BeTrue();
        var result = await engine.DeadLetters.ReplayAsync([dead[0].Id]);

        result.Replayed.Should().Equal(dead[0].Id);
        sink.Held[record!.Key].Agent.Should().Be("agent-7");
        (await Store.DeadLetters.CountAsync("calls")).Should().Be(0);
    }

    [Test]
    public async Task ReplayAsync_OldNotFinalVersionAfterTheFinalOneWasDelivered_IsNotSentAndTheSinkKeepsTheFinalOne()
    {
        var source = new InMemoryCallSource();
        source.Put(Calls.Make(1, isFinal: false));
        var sink = new RecordingCrmSink
        {
            RecordFailure = r => r.IsFinal ? null : new ConnectorError { Code = ConnectorErrorCode.ValidationFailed, HttpStatus = 422, TechnicalDetail = "no outcome yet" },
        };
        var engine = NewEngine();
        var stream = engine.AddCallLogStream(new CallLogStreamDefinition("calls", source, sink) { Options = FastOptions() });
        await stream.RunOnceAsync();
        var dead = (await engine.DeadLetters.ListAsync(new DeadLetterQuery("calls"))).Single();
        source.Put(Calls.Make(1));
        await stream.RunOnceAsync();
        sink.RecordFailure = null;

        var result = await engine.DeadLetters.ReplayAsync([dead.Id]);

        result.Replayed.Should().Equal([dead.Id], "the old version is settled: the sink already holds a newer one");
        sink.Held[Calls.Make(1).Key].IsFinal.Should().BeTrue("the final version the sink holds is not replaced by the old 'in-progress' one");
        sink.Writes[Calls.Make(1).Key].Should().Be(1);
        (await Store.DeadLetters.CountAsync("calls")).Should().Be(0);
    }

    [Test]
    public async Task ReplayAsync_StillInvalid_KeepsTheDeadLetterOnce()
    {
        var (engine, _) = await EngineWithOneRefusedRecordAsync();
        var id = (await engine.DeadLetters.ListAsync(new DeadLetterQuery("calls"))).Single().Id;

        var result = await engine.DeadLetters.ReplayAsync([id, 999_999]);

        result.StillFailing.Should().Equal(id);
        result.NotFound.Should().Equal(999_999);
        (await Store.DeadLetters.CountAsync("calls")).Should().Be(1);
    }

    [Test]
    public async Task FixAsync_DifferentKey_IsRefused()
    {
        var (engine, _) = await EngineWithOneRefusedRecordAsync();
        var id = (await engine.DeadLetters.ListAsync(new DeadLetterQuery("calls"))).Single().Id;

        var act = async () => await engine.DeadLetters.FixAsync(id, Calls.Make(2));

        await act.Should().ThrowAsync<ArgumentException>();
    }

    [Test]
    public async Task ReplayAsync_WhileTheSinkIsDown_BuffersAndTheDrainDeliversIt()
    {
        // Found by the simulation (seed 505): the replayed record went to the outbox, and the drain took the ledger's
        // dead-letter entry with the same content for "already settled", so the record never reached the sink.
        var source = new InMemoryCallSource();
        source.Put(Calls.Make(1));
        var sink = new RecordingCrmSink { RecordFailure = _ => new ConnectorError { Code = ConnectorErrorCode.ValidationFailed, HttpStatus = 422 } };
        var engine = NewEngine();
        var stream = engine.AddCallLogStream(new CallLogStreamDefinition("calls", source, sink) { Options = FastOptions() });
        await stream.RunOnceAsync();
        var dead = (await engine.DeadLetters.ListAsync(new DeadLetterQuery("calls"))).Single();
        sink.RecordFailure = null;
        sink.Down = true;

        (await engine.DeadLetters.ReplayAsync([dead.Id])).Replayed.Should().Equal(dead.Id);
        sink.Down = false;
        Time.Advance(TimeSpan.FromHours(1));
        (await stream.DrainOutboxAsync()).Should().BeTrue();

        sink.Held.Should().ContainKey(Calls.Make(1).Key, "a replayed record buffered in the outbox is delivered by the drain");
    }

    [Test]
    public async Task PurgeAsync_OlderThan_RemovesOnlyThose()
    {
        var (engine, source) = await EngineWithOneRefusedRecordAsync();
        Time.Advance(TimeSpan.FromDays(2));
        source.Put(Calls.Make(2));
        await engine.Streams["calls"].RunOnceAsync();

        var purged = await engine.DeadLetters.PurgeAsync("calls", Instant.FromDateTimeOffset(Time.GetUtcNow()) - Duration.FromDays(1));

        purged.Should().Be(1);
        (await engine.DeadLetters.ListAsync(new DeadLetterQuery("calls"))).Single().Message.Key.Should().Be(Calls.Make(2).Key);
    }

    private async Task<(SyncEngine Engine, InMemoryCallSource Source)> EngineWithOneRefusedRecordAsync()
    {
        var source = new InMemoryCallSource();
        source.Put(Calls.Make(1));
        var sink = new RecordingCrmSink { RecordFailure = _ => new ConnectorError { Code = ConnectorErrorCode.ValidationFailed } };
        var engine = NewEngine();
        engine.AddCallLogStream(new CallLogStreamDefinition("calls", source, sink) { Options = FastOptions() });
        await engine.Streams["calls"].RunOnceAsync();
        return (engine, source);
    }
}
