using System.Globalization;
using CallCrm.Connectors.Model;
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
                callSystem.AddCall(Call(next, Instant.FromDateTimeOffset(time.GetUtcNow()) - Duration.FromSeconds(59) + Duration.FromMilliseconds(i)));
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

    private static CallRecord Call(int index, Instant startedAt) => new()
    {
        SourceSystem = "pbx",
        SourceId = string.Create(CultureInfo.InvariantCulture, $"call-{index:D5}"),
        Direction = CallDirection.Inbound,
        Agent = "agent-1",
        StartedAt = startedAt,
        EndedAt = startedAt + Duration.FromSeconds(30),
        Duration = Duration.FromSeconds(30),
        Status = CallStatus.Completed,
        IsFinal = true,
    };
}
