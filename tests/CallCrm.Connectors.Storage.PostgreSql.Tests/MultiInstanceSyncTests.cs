using CallCrm.Connectors.State;
using CallCrm.Connectors.Sync;
using CallCrm.Connectors.Testing.InMemory;
using Microsoft.Extensions.Time.Testing;
using NodaTime;

namespace CallCrm.Connectors.Storage.PostgreSql.Tests;

/// <summary>Two connector instances (each its own sync engine and store, as two processes would have) run the same call-log stream over
/// one PostgreSQL database, a real engine with the reference in-memory call system and CRM.</summary>
public class MultiInstanceSyncTests
{
    private static readonly DateTimeOffset Start = new(2026, 5, 4, 8, 0, 0, TimeSpan.Zero);

    [Test]
    public async Task TwoInstancesRunningOneStreamUnderTheLease_WriteEveryCallToTheCrmExactlyOnce()
    {
        await using var schema = new TestSchema();
        var time = new FakeTimeProvider(Start);
        var callSystem = new InMemoryCallSystem();
        var crm = new InMemoryCrm();

        // A CRM without upsert: a call sent twice would be two activities, so the activity count shows any duplicate.
        var sinkOptions = new InMemoryCrmSinkOptions { UpsertByExternalId = false, MaxBatchSize = 25 };
        var instances = new List<(PostgreSqlStateStore Store, SyncEngine Engine, CallLogSync Stream)>();
        for (var i = 0; i < 2; i++)
        {
            var store = await schema.OpenAsync();
            var engine = new SyncEngine(store, time);
            var stream = engine.AddCallLogStream(new CallLogStreamDefinition("calls", new InMemoryCallSource(callSystem), new InMemoryCrmSink(crm, sinkOptions))
            {
                Options = new SyncOptions { MaxBatchSize = 25, PageSize = 30 },
            });
            instances.Add((store, engine, stream));
        }

        var runs = new int[instances.Count];
        var written = new long[instances.Count];
        var next = 0;
        const int rounds = 5;
        const int callsPerRound = 40;
        for (var round = 0; round < rounds; round++)
        {
            for (var i = 0; i < callsPerRound; i++, next++)
            {
                callSystem.AddCall(TestCalls.Call(next, Instant.FromDateTimeOffset(time.GetUtcNow()) - Duration.FromSeconds(59) + Duration.FromMilliseconds(i)));
            }

            time.Advance(TimeSpan.FromMinutes(1));

            // Both instances wake up at once, as two replicas polling on the same schedule: the lease lets one of them run the stream.
            await Task.WhenAll(instances.Select((instance, index) => Task.Run(async () =>
            {
                await using var lease = await instance.Store.TryAcquireStreamLeaseAsync("calls");
                if (lease is not null)
                {
                    var report = await instance.Stream.RunOnceAsync();
                    Interlocked.Increment(ref runs[index]);
                    Interlocked.Add(ref written[index], report.Written);
                }
            })));
        }

        // Then each instance runs once more on its own: both re-read the look-back window and find every call delivered already.
        foreach (var (instance, index) in instances.Select((instance, index) => (instance, index)))
        {
            await using var lease = await instance.Store.TryAcquireStreamLeaseAsync("calls");
            lease.Should().NotBeNull("nobody else holds the lease now");
            var report = await instance.Stream.RunOnceAsync();
            runs[index]++;
            written[index] += report.Written;
            report.Written.Should().Be(0);
        }

        var keys = callSystem.Calls.Select(c => c.Key).ToList();
        keys.Should().HaveCount(rounds * callsPerRound);
        keys.Select(crm.CountActivities).Should().AllBeEquivalentTo(1, "every call is written to the CRM once, by one instance or the other");
        written.Sum().Should().Be(keys.Count);
        runs.Should().OnlyContain(r => r > 0);
        (await instances[0].Store.Ledger.CountAsync("calls", DeliveryStatus.Delivered)).Should().Be(keys.Count);
        (await instances[1].Store.Checkpoints.GetAsync("calls")).Should().Be(
            new Checkpoints.WatermarkCheckpoint(callSystem.Calls.Max(c => c.StartedAt), callSystem.Calls.MaxBy(c => c.StartedAt)!.SourceId));

        foreach (var instance in instances)
        {
            await instance.Engine.DisposeAsync();
        }
    }

    [Test]
    public async Task AnInstanceDiesWithRecordsInTheOutbox_AnotherDeliversThemOnceItsClaimsLapse_EachOnce()
    {
        await using var schema = new TestSchema();
        var time = new FakeTimeProvider(Start);
        var callSystem = new InMemoryCallSystem();
        var crm = new InMemoryCrm();
        var claim = TimeSpan.FromMinutes(5);
        var (storeA, engineA, streamA) = await CreateInstanceAsync(schema, time, callSystem, crm, claim);
        var (storeB, engineB, streamB) = await CreateInstanceAsync(schema, time, callSystem, crm, claim);
        const int calls = 30;
        for (var i = 0; i < calls; i++)
        {
            callSystem.AddCall(TestCalls.Call(i, Instant.FromDateTimeOffset(time.GetUtcNow()) - Duration.FromSeconds(50) + Duration.FromSeconds(i)));
        }

        time.Advance(TimeSpan.FromMinutes(1));

        // Instance A runs while the CRM is down: the calls go to the shared outbox, and A's drain attempt claims them. Then A dies.
        crm.Fault = Testing.BackendFault.ServiceUnavailable;
        var down = await streamA.RunOnceAsync();
        crm.Fault = Testing.BackendFault.None;
        down.Buffered.Should().Be(calls);
        await engineA.DisposeAsync();

        // Instance B runs at once: A's claims still hold, so B delivers none of the entries A claimed.
        time.Advance(TimeSpan.FromSeconds(1));
        await streamB.RunOnceAsync();
        var deliveredWhileClaimed = callSystem.Calls.Count(c => crm.CountActivities(c.Key) > 0);
        deliveredWhileClaimed.Should().BeLessThan(calls);

        // Once A's claims lapse, B delivers the rest, each call once.
        time.Advance(claim);
        await streamB.RunOnceAsync();

        callSystem.Calls.Select(c => crm.CountActivities(c.Key)).Should().AllBeEquivalentTo(1);
        (await storeB.Outbox.GetStatisticsAsync("calls")).Depth.Should().Be(0);
        (await storeA.Ledger.CountAsync("calls", DeliveryStatus.Delivered)).Should().Be(calls);
        await engineB.DisposeAsync();
    }

    private static async Task<(PostgreSqlStateStore Store, SyncEngine Engine, CallLogSync Stream)> CreateInstanceAsync(
        TestSchema schema, FakeTimeProvider time, InMemoryCallSystem callSystem, InMemoryCrm crm, TimeSpan claim)
    {
        var store = await schema.OpenAsync(configure: o => o.OutboxClaimDuration = claim);
        var engine = new SyncEngine(store, time);
        // One end-of-run drain round: the next rounds would wait on the fake clock for the CRM (or A's claims) to come back.
        var options = new SyncOptions { MaxBatchSize = 25, PageSize = 30, OutboxFinalDrainTimeout = TimeSpan.Zero };

        // No retries: a failed write goes to the outbox at once, and no back-off waits on the fake clock.
        options.Resilience.MaxRetryAttempts = 0;
        var sink = new InMemoryCrmSink(crm, new InMemoryCrmSinkOptions { UpsertByExternalId = false, MaxBatchSize = 25 });
        return (store, engine, engine.AddCallLogStream(new CallLogStreamDefinition("calls", new InMemoryCallSource(callSystem), sink) { Options = options }));
    }
}
