using CallCrm.Connectors.Errors;
using CallCrm.Connectors.HubSpot;
using CallCrm.Connectors.IntegrationTests.Infrastructure;
using CallCrm.Connectors.Model;
using CallCrm.Connectors.Normalization;
using CallCrm.Connectors.Providers;
using CallCrm.Connectors.Security.Redaction;
using CallCrm.Connectors.State;
using CallCrm.Connectors.Storage.Sqlite;
using CallCrm.Connectors.Sync;
using CallCrm.Connectors.Testing.InMemory;
using CallCrm.Connectors.VendorSimulator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using NodaTime;

namespace CallCrm.Connectors.IntegrationTests;

/// <summary>What one engine batch costs HubSpot on the wire, engine and HubSpot sink together over the simulator with the default
/// resilience settings: the engine's whole-batch retries times the HTTP client's retries of one request, and the engine's
/// bisection of a batch HubSpot refuses without naming the call (the figures of the Sync and HubSpot READMEs, "Requests per").</summary>
public sealed class HubSpotBatchWriteTests
{
    private const string Stream = "calls-to-hubspot";
    private const string OwnNumber = "+14155550100";
    private const string Customer = "+12125550199";
    private const string Upsert = "/crm/v3/objects/calls/batch/upsert";
    private const string Create = "/crm/v3/objects/calls/batch/create";

    private static readonly DateTimeOffset Anchor = new(2026, 11, 24, 15, 0, 0, TimeSpan.Zero);
    private static readonly PhoneNumberNormalizer Normalizer = new(new PhoneNumberNormalizerOptions { DefaultRegion = "US" });

    private string _directory = null!;

    [SetUp]
    public void SetUp()
    {
        _directory = Path.Combine(Path.GetTempPath(), "callcrm-it-batch-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
    }

    [TearDown]
    public void TearDown()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Left to the temp cleaner rather than failing the test.
        }
    }

    [TestCase(HubSpotWriteMode.Upsert, Upsert, 9)]
    [TestCase(HubSpotWriteMode.CreateOnly, Create, 3)]
    [TestCase(HubSpotWriteMode.CreateOrUpdate, Create, 3)]
    [CancelAfter(120_000)]
    public async Task RunOnceAsync_HubSpotAnswers5xxToEveryWrite_OneBatchCostsTheDocumentedSendsThenWaitsInTheOutbox(
        HubSpotWriteMode mode, string path, int expectedSends)
    {
        // 1 + Resilience.MaxRetryAttempts (2) engine attempts, each sending the write 1 + Retry.MaxRetryAttempts (2) times when it is
        // idempotent (an upsert by the unique source call id) and once when it is not (a create HubSpot may have acted on).
        const int N = 10;
        var time = new FakeTimeProvider(Anchor);
        await using var simulator = await StartSimulatorAsync(time);
        var sent = new SentRequests();
        await using var services = BuildServices(simulator, time, mode, sent);
        var store = await OpenStoreAsync(services);
        var callSystem = new InMemoryCallSystem();

        await using var engine = new SyncEngine(store, time);
        var calls = AddStream(engine, services, callSystem);

        // A first run caches the caller's contacts, so that the measured run sends nothing but the write.
        callSystem.AddCall(Call("CA-warm", Anchor - TimeSpan.FromMinutes(30)));
        (await ClockPump.RunAsync(time, () => calls.RunOnceAsync())).Written.Should().Be(1);
        simulator.ConfigureFaults(f => f with { HubSpot = f.HubSpot with { ErrorRate = 1 } });
        sent.Clear();
        for (var i = 0; i < N; i++)
        {
            callSystem.AddCall(Call("CA" + i, Anchor - TimeSpan.FromMinutes(20) + TimeSpan.FromSeconds(i)));
        }

        var whenBuffered = new SendsWhenBuffered(sent, N);
        var started = time.GetUtcNow();
        var report = await ClockPump.RunAsync(time, () => calls.RunOnceAsync(whenBuffered));
        var perBatch = whenBuffered.Sends ?? throw new AssertionException("The batch was never buffered: " + report.Message);
        await TestContext.Out.WriteLineAsync($"{mode}: one engine batch of {N} calls sent {perBatch.Count} requests ({string.Join(", ", perBatch)}); the run sent {sent.Snapshot().Count} in {time.GetUtcNow() - started} of fake time.");

        perBatch.Should().OnlyContain(p => p == path, "the caller's contact is cached, so the write is the only request");
        perBatch.Should().HaveCount(expectedSends);
        report.Buffered.Should().Be(N, report.Message);
        report.DeadLettered.Should().Be(0);
        (await store.Outbox.GetStatisticsAsync(Stream)).Depth.Should().Be(N, "nothing is lost: the batch waits in the outbox");
        simulator.GetState().HubSpotCalls.Should().Be(1, "no write of the batch got through");

        // HubSpot is back: the outbox delivers every call once.
        simulator.ConfigureFaults(f => f with { HubSpot = f.HubSpot with { ErrorRate = 0 } });
        time.Advance(TimeSpan.FromMinutes(1));
        (await ClockPump.RunAsync(time, async () => await calls.DrainOutboxAsync())).Should().BeTrue();
        (await store.Outbox.GetStatisticsAsync(Stream)).Depth.Should().Be(0);
        simulator.GetState().HubSpotCalls.Should().Be(N + 1);
        simulator.GetState().HubSpotDuplicateCalls.Should().Be(0);
    }

    [TestCase(HubSpotWriteMode.Upsert, Upsert)]
    [TestCase(HubSpotWriteMode.CreateOnly, Create)]
    [TestCase(HubSpotWriteMode.CreateOrUpdate, Create)]
    [CancelAfter(120_000)]
    public async Task RunOnceAsync_BatchRefusedWithoutNamingTheBadCall_EngineBisectsDeadLettersItAndWritesTheOthersOnce(HubSpotWriteMode mode, string path)
    {
        const int N = 8;
        const int Bad = 5;
        var time = new FakeTimeProvider(Anchor);
        await using var simulator = await StartSimulatorAsync(time);
        simulator.ConfigureFaults(f => f with { HubSpotUnnamedValidationErrors = true });
        var sent = new SentRequests();
        await using var services = BuildServices(simulator, time, mode, sent);
        var store = await OpenStoreAsync(services);
        var callSystem = new InMemoryCallSystem();
        var records = Enumerable.Range(0, N).Select(i => Call("CA" + i, Anchor - TimeSpan.FromMinutes(20) + TimeSpan.FromSeconds(i))).ToArray();
        records[Bad] = records[Bad] with { Duration = Duration.FromSeconds(-3) };
        foreach (var record in records)
        {
            callSystem.AddCall(record);
        }

        await using var engine = new SyncEngine(store, time);
        var calls = AddStream(engine, services, callSystem);
        var report = await ClockPump.RunAsync(time, () => calls.RunOnceAsync());

        // HubSpot refuses every write holding the bad call: the whole batch, the half and the quarter holding it, then the call
        // alone, which the sink reports as a permanent failure; the other halves and quarters are written once each.
        var writes = sent.Count(path);
        await TestContext.Out.WriteLineAsync($"{mode}: a batch of {N} with one call HubSpot refuses unnamed cost {writes} writes (2·log2(N)+1 = {(2 * Math.Log2(N)) + 1}).");
        report.Written.Should().Be(N - 1, report.Message);
        report.DeadLettered.Should().Be(1);
        report.Buffered.Should().Be(0);
        var deadLetter = (await store.DeadLetters.ListAsync(new DeadLetterQuery(Stream))).Should().ContainSingle().Subject.Message;
        deadLetter.Key.Should().Be(records[Bad].Key);
        deadLetter.ErrorCode.Should().Be(ConnectorErrorCode.ValidationFailed.Value);
        var state = simulator.GetState();
        state.HubSpotCalls.Should().Be(N - 1, "every other call is in HubSpot");
        state.HubSpotDuplicateCalls.Should().Be(0, "and each only once");
        writes.Should().Be((2 * (int)Math.Log2(N)) + 1, "bisection finds one bad call in N in 2·log2(N)+1 writes");
    }

    private static Task<VendorSimulatorHost> StartSimulatorAsync(FakeTimeProvider time) =>
        VendorSimulatorHost.StartAsync(new SimulatorOptions { Port = 0, Calls = 0, Contacts = 20, Seed = 31, SeedAnchor = Anchor, TimeProvider = time });

    private static CallRecord Call(string id, DateTimeOffset startedAt) => new()
    {
        SourceSystem = "pbx",
        SourceId = id,
        Direction = CallDirection.Inbound,
        From = Normalizer.Normalize(Customer, "US").ToPhoneNumber(),
        To = Normalizer.Normalize(OwnNumber, "US").ToPhoneNumber(),
        StartedAt = Instant.FromDateTimeOffset(startedAt),
        Duration = Duration.FromSeconds(95),
        Status = CallStatus.Completed,
    };

    private static CallLogSync AddStream(SyncEngine engine, ServiceProvider services, InMemoryCallSystem callSystem) =>
        // The default resilience settings: the figures under test are the documented defaults.
        engine.AddCallLogStream(new CallLogStreamDefinition(Stream, new InMemoryCallSource(callSystem), services.GetRequiredService<ICrmSink>())
        {
            Options = new SyncOptions { MaxConcurrency = 1 },
        });

    private static async Task<SqliteStateStore> OpenStoreAsync(ServiceProvider services)
    {
        var store = services.GetRequiredService<SqliteStateStore>();
        await store.InitializeAsync();
        return store;
    }

    private ServiceProvider BuildServices(VendorSimulatorHost simulator, FakeTimeProvider time, HubSpotWriteMode mode, SentRequests sent)
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(time);
        services.AddLogging();
        services.AddHubSpotCrm(o =>
        {
            o.BaseAddress = simulator.BaseAddress;
            o.AccessToken = new Secret(simulator.Options.HubSpotAccessToken);
            o.AllowInsecureLoopback = true;
            o.Tier = HubSpotAccountTier.Professional;
            o.WriteMode = mode;
            o.OwnNumbers.Add(OwnNumber);

            // Only the writes are counted: the caller's contact is searched once and stays cached for the whole test, although the
            // fake clock runs on while the run waits (ClockPump). The local index (the default for a small portal) would search
            // for contact changes every LocalIndexRefreshInterval, and under a full outage that refresh, not the write, would
            // fail the later attempts.
            o.ContactMatching = HubSpotContactMatching.SearchPerBatch;
            o.ContactCacheDuration = TimeSpan.FromDays(1);
        }).HttpClientBuilder.AddHttpMessageHandler(() => sent);
        services.AddSqliteStateStore(o => o.DataSource = Path.Combine(_directory, "state.db"));
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }

    /// <summary>Takes the requests sent so far when the run reports the batch buffered (progress is reported synchronously after
    /// each committed batch), before the run's closing outbox drain may send more.</summary>
    private sealed class SendsWhenBuffered(SentRequests sent, int batch) : IProgress<SyncProgress>
    {
        public IReadOnlyList<string>? Sends { get; private set; }

        public void Report(SyncProgress value)
        {
            if (Sends is null && value.Buffered >= batch)
            {
                Sends = sent.Snapshot();
            }
        }
    }
}
