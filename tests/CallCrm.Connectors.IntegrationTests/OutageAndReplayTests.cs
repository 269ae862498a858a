using CallCrm.Connectors.IntegrationTests.Infrastructure;
using CallCrm.Connectors.Normalization;
using CallCrm.Connectors.Providers;
using CallCrm.Connectors.State;
using CallCrm.Connectors.Storage.Sqlite;
using CallCrm.Connectors.Sync;
using CallCrm.Connectors.Sync.Tags;
using CallCrm.Connectors.Sync.Transforms;
using CallCrm.Connectors.VendorSimulator;
using CallCrm.Connectors.VendorSimulator.Faults;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CallCrm.Connectors.IntegrationTests;

/// <summary>Twilio calls to HubSpot over real HTTP against the in-process simulator, with the CRM down for part of the run or failing
/// at random: every call ends up in HubSpot exactly once, the outbox drains, nothing is dead-lettered. The same for HubSpot tags
/// pushed to the simulator's call-system webhook receiver while it is down.</summary>
/// <remarks>The simulator and the engine share one <see cref="FakeTimeProvider"/>, moved on by <see cref="ClockPump"/> whenever the
/// run waits (batch delays, retry back-off, the circuit's break, outbox probes), so a run takes well under a second of wall time.</remarks>
public sealed class OutageAndReplayTests : SimulatorFixture
{
    private const int SeededCalls = 300;
    private const string Stream = "twilio-to-hubspot";

    [Test]
    public async Task RunOnceAsync_HubSpotOutageDuringRun_BuffersKeepsReadingAndDrainsEveryCallOnceAfterRecovery()
    {
        await using var simulator = await StartSimulatorAsync(SeededCalls, contacts: 60, seed: 23);
        await using var services = BuildServices(simulator);
        var store = await OpenStoreAsync(services);

        // HubSpot goes down once the first batch is in, and comes back after a good part of the calls were read meanwhile.
        var outage = new OutageSwitch(simulator, downAfterWritten: 1, upAfterBuffered: 100);
        SyncRunReport first;
        await using (var engine = new SyncEngine(store, Time))
        {
            var calls = AddStream(engine, services);
            first = await ClockPump.RunAsync(Time, () => calls.RunOnceAsync(outage));

            first.Read.Should().Be(SeededCalls, "the source keeps being read while the CRM is down");
            first.Buffered.Should().BeGreaterThanOrEqualTo(100, first.Message);
            await TestContext.Out.WriteLineAsync(first.Message);
            simulator.GetState().OutageRejections.Should().BeGreaterThan(0, "HubSpot really was down during the run");

            await DrainAsync(calls);
        }

        await AssertEveryCallOnceAsync(simulator, store);
    }

    [Test]
    public async Task RunOnceAsync_TenPercentErrorsAndLostResponses_EveryCallOnceOutboxEmpty()
    {
        await using var simulator = await StartSimulatorAsync(SeededCalls, contacts: 60, seed: 23);
        simulator.ConfigureFaults(f => f with { HubSpot = f.HubSpot with { ErrorRate = 0.1, LostResponseRate = 0.1 } });
        await using var services = BuildServices(simulator);
        var store = await OpenStoreAsync(services);

        await using (var engine = new SyncEngine(store, Time))
        {
            // Batches of 5: one HubSpot request per batch of new calls, so 60 writes meet the 10% faults many times.
            var calls = AddStream(engine, services, maxBatchSize: 5);
            var report = await ClockPump.RunAsync(Time, () => calls.RunOnceAsync());

            report.Read.Should().Be(SeededCalls);
            var state = simulator.GetState();
            state.ErrorsInjected.Should().BeGreaterThan(0);
            state.LostResponses.Should().BeGreaterThan(0, "writes that HubSpot applied but whose answer was lost must have been retried");

            simulator.ConfigureFaults(_ => new FaultSettings());
            await DrainAsync(calls);
        }

        await AssertEveryCallOnceAsync(simulator, store);
    }

    [Test]
    public async Task TagSync_CallSystemDownThenRestart_BuffersTagsAndDeliversEachUpdateOnceAfterRecovery()
    {
        await using var simulator = await StartSimulatorAsync(SeededCalls, contacts: 60, seed: 23);
        var tagged = await TagContactsAsync(simulator, 15);
        await using var services = BuildServices(simulator);
        var store = await OpenStoreAsync(services);
        simulator.ConfigureFaults(f => f with { CallSystem = f.CallSystem with { Outage = true } });
        long buffered;

        await using (var engine = new SyncEngine(store, Time))
        {
            var tags = AddTagStream(engine, services);
            var degraded = await ClockPump.RunAsync(Time, () => tags.RunOnceAsync());

            // Contacts the simulator seeded with tags count too.
            buffered = degraded.Buffered;
            buffered.Should().BeGreaterThanOrEqualTo(tagged, degraded.Message);
            (await tags.GetHealthAsync()).OutboxDepth.Should().Be(buffered);
            simulator.GetState().TagsPushed.Should().Be(0);
        }

        // A restart, then the call system is back: the buffered updates are read from the SQLite outbox and delivered once each.
        simulator.ConfigureFaults(_ => new FaultSettings());
        Time.Advance(TimeSpan.FromMinutes(1));
        await using (var engine = new SyncEngine(store, Time))
        {
            var tags = AddTagStream(engine, services);
            var recovered = await ClockPump.RunAsync(Time, () => tags.RunOnceAsync());

            recovered.Written.Should().Be(buffered, recovered.Message);
            (await tags.GetHealthAsync()).OutboxDepth.Should().Be(0);
        }

        var state = simulator.GetState();
        state.TagsPushed.Should().Be(buffered, "each buffered update is delivered once, under a new event id");
        state.TagPushReplays.Should().Be(0);
        state.CallSystemCustomers.Should().Be((int)buffered);
        (await store.DeadLetters.CountAsync("hubspot-tags")).Should().Be(0);
    }

    private static TagSync AddTagStream(SyncEngine engine, ServiceProvider services)
    {
        var options = new SyncOptions { MaxBatchSize = 5 };
        options.Resilience.MaxRetryAttempts = 2;
        options.Resilience.RetryBaseDelay = TimeSpan.FromMilliseconds(200);
        return engine.AddTagStream(new TagStreamDefinition("hubspot-tags", services.GetRequiredService<ICustomerSource>(), services.GetRequiredService<ICallSystemSink>())
        {
            Options = options,
        });
    }

    private static async Task<SqliteStateStore> OpenStoreAsync(ServiceProvider services)
    {
        var store = services.GetRequiredService<SqliteStateStore>();
        await store.InitializeAsync();
        return store;
    }

    private static CallLogSync AddStream(SyncEngine engine, ServiceProvider services, int maxBatchSize = 20)
    {
        var options = new SyncOptions { MaxBatchSize = maxBatchSize, MaxConcurrency = 1, ChannelCapacity = 40, OutboxProbeInterval = TimeSpan.FromSeconds(30) };
        options.Resilience.MaxRetryAttempts = 3;
        options.Resilience.RetryBaseDelay = TimeSpan.FromMilliseconds(200);
        options.Resilience.BreakerMinimumThroughput = 4;
        options.Resilience.BreakDuration = TimeSpan.FromSeconds(15);
        return engine.AddCallLogStream(new CallLogStreamDefinition(Stream, services.GetRequiredService<ICallSource>(), services.GetRequiredService<ICrmSink>())
        {
            Transforms = [new PhoneNumberTransform(new PhoneNumberNormalizer(new PhoneNumberNormalizerOptions { DefaultRegion = "US" }))],
            Options = options,
        });
    }

    /// <summary>Lets the circuit's break pass on the shared clock and drains, a bounded number of times.</summary>
    private async Task DrainAsync(CallLogSync calls)
    {
        for (var attempt = 0; attempt < 10; attempt++)
        {
            if (await ClockPump.RunAsync(Time, async () => await calls.DrainOutboxAsync()))
            {
                return;
            }

            Time.Advance(TimeSpan.FromSeconds(30));
        }

        var health = await calls.GetHealthAsync();
        Assert.Fail($"The outbox still holds {health.OutboxDepth} records; last error {health.LastError?.Code.Value}.");
    }

    private static async Task AssertEveryCallOnceAsync(VendorSimulatorHost simulator, IConnectorStateStore store)
    {
        var state = simulator.GetState();
        await TestContext.Out.WriteLineAsync(state.ToJson().ToJsonString());
        state.HubSpotCalls.Should().Be(state.TwilioCalls, "every Twilio call, final or still ongoing, is one HubSpot call engagement");
        state.HubSpotDuplicateCalls.Should().Be(0);
        (await store.Outbox.GetStatisticsAsync(Stream)).Depth.Should().Be(0);
        (await store.DeadLetters.CountAsync(Stream)).Should().Be(0);
    }

    private ServiceProvider BuildServices(VendorSimulatorHost simulator)
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(Time);
        services.AddLogging();
        services.AddSimulatorProviders(simulator);
        services.AddSqliteStateStore(o => o.DataSource = StatePath);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }

    /// <summary>Forces a HubSpot outage from the run's own progress reports, so that it falls in the middle of the run whatever the timing.</summary>
    /// <remarks>Progress is reported synchronously after each committed batch, which is why this is not a <see cref="Progress{T}"/>.</remarks>
    private sealed class OutageSwitch(VendorSimulatorHost simulator, long downAfterWritten, long upAfterBuffered) : IProgress<SyncProgress>
    {
        private int _phase;

        public void Report(SyncProgress value)
        {
            if (_phase == 0 && value.Written >= downAfterWritten)
            {
                _phase = 1;
                simulator.ConfigureFaults(f => f with { HubSpot = f.HubSpot with { Outage = true } });
            }
            else if (_phase == 1 && value.Buffered >= upAfterBuffered)
            {
                _phase = 2;
                simulator.ConfigureFaults(f => f with { HubSpot = f.HubSpot with { Outage = false } });
            }
        }
    }
}
