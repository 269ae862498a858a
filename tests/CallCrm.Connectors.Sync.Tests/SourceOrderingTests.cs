using CallCrm.Connectors.Checkpoints;
using CallCrm.Connectors.Providers;
using CallCrm.Connectors.Sync.Tests.TestProviders;
using NodaTime;

namespace CallCrm.Connectors.Sync.Tests;

/// <summary>How the engine treats a call that is not final, by the ordering its source declares (<see cref="SourceOrdering"/>).</summary>
public sealed class SourceOrderingTests : EngineTestBase
{
    private static readonly Instant Changed = Calls.Epoch + Duration.FromMinutes(1);

    [Test]
    public async Task RunOnceAsync_SourceOrderedByChangeTime_MovesTheCheckpointPastACallInProgressAndReadsItsFinalStateWhenItChanges()
    {
        var source = new InMemoryCallSource { Capabilities = new SourceCapabilities(SourceOrdering.ChangeTime) };
        var sink = new RecordingCrmSink();
        source.PutRange([At(0, 1), At(1, 2) with { IsFinal = false, EndedAt = null }, At(2, 3)]);
        var stream = NewEngine().AddCallLogStream(new CallLogStreamDefinition("calls", source, sink));

        await stream.RunOnceAsync();

        (await Store.Checkpoints.GetAsync("calls")).Should().Be(
            new WatermarkCheckpoint(Changed + Duration.FromSeconds(3), Calls.Make(2).SourceId),
            "ordered by change time, the call in progress moves past the checkpoint by itself when it changes again");
        sink.Held[Calls.Make(1).Key].IsFinal.Should().BeFalse("the call is delivered as it is now");

        source.Put(At(1, 30));
        await stream.RunOnceAsync();

        sink.Held[Calls.Make(1).Key].IsFinal.Should().BeTrue("the call's final state, changed after the checkpoint, is read by the next run");
        sink.Writes[Calls.Make(1).Key].Should().Be(2);
        (await Store.Checkpoints.GetAsync("calls")).Should().Be(new WatermarkCheckpoint(Changed + Duration.FromSeconds(30), Calls.Make(1).SourceId));
    }

    [Test]
    public async Task RunOnceAsync_SourceOrderedByStartTime_HoldsTheCheckpointBeforeACallInProgress()
    {
        var source = new InMemoryCallSource { Capabilities = new SourceCapabilities(SourceOrdering.StartTime) };
        var sink = new RecordingCrmSink();
        source.PutRange([Calls.Make(0), Calls.Make(1, isFinal: false), Calls.Make(2)]);
        var stream = NewEngine().AddCallLogStream(new CallLogStreamDefinition("calls", source, sink));

        await stream.RunOnceAsync();

        (await Store.Checkpoints.GetAsync("calls")).Should().Be(
            InMemoryCallSource.PositionOf(Calls.Make(0)),
            "ordered by start time, a call in progress keeps its start time, so a checkpoint past it would never read its final state");
        sink.Held.Keys.Should().Contain([Calls.Make(1).Key, Calls.Make(2).Key], "what was read is still delivered");
    }

    [Test]
    public void AddCallLogStream_SourceWithAnUndefinedOrdering_IsRefusedNamingTheSource()
    {
        var source = new InMemoryCallSource { Capabilities = new SourceCapabilities((SourceOrdering)0) };

        var act = () => NewEngine().AddCallLogStream(new CallLogStreamDefinition("calls", source, new RecordingCrmSink()));

        act.Should().Throw<ArgumentException>().Which.Message.Should().Contain("memory-calls").And.Contain("SourceOrdering.StartTime, ChangeTime or ChangeCursor");
    }

    /// <summary>Call <paramref name="n"/>, final, last changed <paramref name="seconds"/> after <see cref="Changed"/>.</summary>
    private static Model.CallRecord At(int n, int seconds) => Calls.Make(n) with { UpdatedAt = Changed + Duration.FromSeconds(seconds) };
}
