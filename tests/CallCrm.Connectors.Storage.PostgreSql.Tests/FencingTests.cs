using CallCrm.Connectors.Checkpoints;
using CallCrm.Connectors.Errors;
using CallCrm.Connectors.State;
using CallCrm.Connectors.Sync;
using CallCrm.Connectors.Testing.InMemory;
using CallCrm.Connectors.Testing.StateStores;
using Microsoft.Extensions.Time.Testing;
using NodaTime;

namespace CallCrm.Connectors.Storage.PostgreSql.Tests;

/// <summary>An instance that lost its stream lease (its server session ended, as after a dropped connection or a pause long enough for
/// the server to drop it) while another instance took the stream over: its commits are refused by the fencing token, and its keep-alive
/// notices. Deterministic: the session is ended with <c>pg_terminate_backend</c>, time is a fake clock.</summary>
public class FencingTests
{
    private static readonly DateTimeOffset Start = new(2026, 5, 4, 8, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(10);

    [Test]
    public async Task AHolderWhoseSessionEnded_IsFencedOut_ByTheNextHolder_AndItsKeepAliveCancelsLeaseLost()
    {
        await using var schema = new TestSchema();
        var time = new FakeTimeProvider(Start);
        var a = await schema.OpenAsync(configure: o => o.LeaseKeepAliveInterval = KeepAlive, time: time);
        var b = await schema.OpenAsync(configure: o => o.LeaseKeepAliveInterval = KeepAlive, time: time);
        await using var leaseA = (await a.TryAcquireStreamLeaseAsync("calls"))!;
        var lost = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        leaseA.LeaseLost.Register(() => lost.TrySetResult());
        await a.CommitAsync(new StateCommit("calls") { FencingToken = leaseA.FencingToken, Checkpoint = new CursorCheckpoint("1") });

        (await schema.TerminateLeaseHolderAsync("calls")).Should().Be(1);
        await using var leaseB = await b.TryAcquireStreamLeaseAsync("calls");
        var stale = () => a.CommitAsync(new StateCommit("calls")
        {
            FencingToken = leaseA.FencingToken,
            LedgerEntries = [StateStoreTestData.Ledger("late")],
            Checkpoint = new CursorCheckpoint("2"),
        }).AsTask();

        leaseB.Should().NotBeNull("the server released the ended session's lock");
        leaseB!.FencingToken.Should().BeGreaterThan(leaseA.FencingToken);
        leaseA.LeaseLost.IsCancellationRequested.Should().BeFalse("nothing has told the old holder yet");
        (await stale.Should().ThrowAsync<ConnectorException>()).Which.Error.Code.Should().Be(ConnectorErrorCode.LeaseLost);
        (await b.Ledger.GetAsync("calls", ["late"])).Should().BeEmpty();
        (await b.Checkpoints.GetAsync("calls")).Should().Be(new CursorCheckpoint("1"));

        time.Advance(KeepAlive);
        await lost.Task.WaitAsync(TimeSpan.FromSeconds(30));
        (await leaseB.As<PostgreSqlStreamLease>().KeepAliveAsync()).Should().BeTrue("the new holder's connection and token are current");
        leaseB.LeaseLost.IsCancellationRequested.Should().BeFalse();
    }

    [Test]
    public async Task AHolderPausedBetweenWritingAndCommitting_WhileAnotherTookOver_HasItsCommitRefused_NothingLostDuplicatedOrRegressed()
    {
        await using var schema = new TestSchema();
        var time = new FakeTimeProvider(Start);
        var callSystem = new InMemoryCallSystem();
        var crm = new InMemoryCrm();
        var (storeA, engineA, streamA, sinkA) = await CreateInstanceAsync(schema, time, callSystem, crm);
        var (storeB, engineB, streamB, _) = await CreateInstanceAsync(schema, time, callSystem, crm);
        const int calls = 20;
        for (var i = 0; i < calls; i++)
        {
            callSystem.AddCall(TestCalls.Call(i, Instant.FromDateTimeOffset(time.GetUtcNow()) - Duration.FromSeconds(50) + Duration.FromSeconds(i)));
        }

        time.Advance(TimeSpan.FromMinutes(1));

        // A takes the lease, reads the calls and is paused at its CRM write; meanwhile its session ends and B takes the stream over.
        var leaseA = (await storeA.TryAcquireStreamLeaseAsync("calls"))!;
        var reached = sinkA.Arm();
        var runA = streamA.RunOnceAsync(new SyncRunOptions { Lease = leaseA });
        await reached;
        (await schema.TerminateLeaseHolderAsync("calls")).Should().Be(1);
        await using (var leaseB = await storeB.TryAcquireStreamLeaseAsync("calls"))
        {
            leaseB.Should().NotBeNull();
            var reportB = await streamB.RunOnceAsync(new SyncRunOptions { Lease = leaseB });
            reportB.Written.Should().Be(calls);
        }

        var checkpointB = await storeB.Checkpoints.GetAsync("calls");

        // A resumes, never having noticed: its write reaches the CRM (an upsert of the same versions), its commit is refused.
        sinkA.Release();
        var resumed = () => runA;
        (await resumed.Should().ThrowAsync<ConnectorException>()).Which.Error.Code.Should().Be(ConnectorErrorCode.LeaseLost);
        await leaseA.DisposeAsync();

        callSystem.Calls.Select(c => crm.CountActivities(c.Key)).Should().AllBeEquivalentTo(1, "nothing is lost or duplicated");
        (await storeB.Checkpoints.GetAsync("calls")).Should().Be(checkpointB, "the fenced holder moved nothing");
        (await storeB.Ledger.CountAsync("calls", DeliveryStatus.Delivered)).Should().Be(calls);
        (await storeB.Outbox.GetStatisticsAsync("calls")).Depth.Should().Be(0);
        await engineA.DisposeAsync();
        await engineB.DisposeAsync();
    }

    [Test]
    public async Task AHolderPausedAtItsWrite_NoticesTheLostSessionOnItsKeepAlive_AndItsRunEndsWithoutWritingOrCommitting()
    {
        await using var schema = new TestSchema();
        var time = new FakeTimeProvider(Start);
        var callSystem = new InMemoryCallSystem();
        var crm = new InMemoryCrm();
        var (storeA, engineA, streamA, sinkA) = await CreateInstanceAsync(schema, time, callSystem, crm);
        callSystem.AddCall(TestCalls.Call(0, Instant.FromDateTimeOffset(time.GetUtcNow()) - Duration.FromSeconds(50)));
        time.Advance(TimeSpan.FromMinutes(1));

        await using var leaseA = (await storeA.TryAcquireStreamLeaseAsync("calls"))!;
        var reached = sinkA.Arm();
        var runA = streamA.RunOnceAsync(new SyncRunOptions { Lease = leaseA });
        await reached;
        await schema.TerminateLeaseHolderAsync("calls");
        time.Advance(KeepAlive);

        var run = () => runA;
        await run.Should().ThrowAsync<OperationCanceledException>();
        leaseA.LeaseLost.IsCancellationRequested.Should().BeTrue();
        crm.CountActivities(callSystem.Calls.Single().Key).Should().Be(0, "the write waiting at the gate was cancelled");
        (await storeA.Checkpoints.GetAsync("calls")).Should().BeNull();
        await engineA.DisposeAsync();
    }

    private static async Task<(PostgreSqlStateStore Store, SyncEngine Engine, CallLogSync Stream, GatedCrmSink Sink)> CreateInstanceAsync(
        TestSchema schema, FakeTimeProvider time, InMemoryCallSystem callSystem, InMemoryCrm crm)
    {
        var store = await schema.OpenAsync(configure: o => o.LeaseKeepAliveInterval = KeepAlive, time: time);
        var engine = new SyncEngine(store, time);
        var options = new SyncOptions { MaxBatchSize = 25, PageSize = 30 };
        options.Resilience.MaxRetryAttempts = 0;
        var sink = new GatedCrmSink(new InMemoryCrmSink(crm, new InMemoryCrmSinkOptions { MaxBatchSize = 25 }));
        return (store, engine, engine.AddCallLogStream(new CallLogStreamDefinition("calls", new InMemoryCallSource(callSystem), sink) { Options = options }), sink);
    }
}
