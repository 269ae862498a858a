using System.Text;
using CallCrm.Connectors.IntegrationTests.Infrastructure;
using CallCrm.Connectors.Normalization;
using CallCrm.Connectors.Providers;
using CallCrm.Connectors.Security;
using CallCrm.Connectors.Security.Audit;
using CallCrm.Connectors.Security.Redaction;
using CallCrm.Connectors.Storage.Sqlite;
using CallCrm.Connectors.Sync;
using CallCrm.Connectors.Sync.Tags;
using CallCrm.Connectors.Sync.Transforms;
using CallCrm.Connectors.VendorSimulator;
using CallCrm.Connectors.VendorSimulator.Faults;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CallCrm.Connectors.IntegrationTests;

/// <summary>A full sync (Twilio calls to HubSpot, HubSpot tags to a webhook call system) against the in-process simulator, logging at
/// Trace through <c>AddCallCrmRedaction()</c>; afterwards no captured log text may hold a seeded phone number, e-mail address or secret.</summary>
public sealed class FullSyncLogRedactionTests : SimulatorFixture
{
    private const string SealingKey = "integration-sealing-key-0123456789abcdef";

    [Test]
    public async Task FullSyncAtTrace_NoLogMessageValueScopeOrExceptionHoldsASeededNumberEmailOrSecret()
    {
        await using var simulator = await StartSimulatorAsync(calls: 150, contacts: 40, seed: 11);

        // Failures make the providers and the engine log their exception paths (retries, refusals) too.
        simulator.ConfigureFaults(f => f with
        {
            Twilio = f.Twilio with { ErrorRate = 0.1 },
            HubSpot = f.HubSpot with { ErrorRate = 0.1 },
            CallSystem = f.CallSystem with { ErrorRate = 0.1 },
        });
        var tagged = await SimulatorAdmin.TagContactsAsync(simulator, 12);

        var capture = new CapturingLoggerProvider();
        await using var services = BuildServices(simulator, capture);
        var store = services.GetRequiredService<SqliteStateStore>();
        await store.InitializeAsync();

        SyncRunReport calls;
        SyncRunReport tags;
        await using (var engine = new SyncEngine(store, Time, services.GetRequiredService<ILoggerFactory>()))
        {
            var callStream = engine.AddCallLogStream(new CallLogStreamDefinition(
                "twilio-to-hubspot", services.GetRequiredService<ICallSource>(), services.GetRequiredService<ICrmSink>())
            {
                Transforms = [new PhoneNumberTransform(new PhoneNumberNormalizer(new PhoneNumberNormalizerOptions { DefaultRegion = "US" }))],
                // Small batches: many requests (one per batch of new calls), so many lines and failure paths to scan.
                Options = new SyncOptions { MaxBatchSize = 10 },
            });
            var tagStream = engine.AddTagStream(new TagStreamDefinition(
                "hubspot-tags", services.GetRequiredService<ICustomerSource>(), services.GetRequiredService<ICallSystemSink>()));

            calls = await ClockPump.RunAsync(Time, () => callStream.RunOnceAsync());
            tags = await ClockPump.RunAsync(Time, () => tagStream.RunOnceAsync());
        }

        calls.Written.Should().BeGreaterThan(50, calls.Message);
        tags.Written.Should().BeGreaterThanOrEqualTo(tagged, tags.Message);

        var forbidden = (await SeededPersonalData.CollectAsync(simulator)).ToList();
        forbidden.Should().HaveCountGreaterThan(100, "the simulator seeded numbers and addresses to look for");
        forbidden.AddRange(Secrets(simulator));

        var entries = capture.Entries.ToList();
        entries.Should().HaveCountGreaterThan(200, "a full sync at Trace logs a lot; too few lines means the scan proves nothing");
        entries.Should().Contain(e => e.Level == LogLevel.Trace);
        entries.Should().Contain(e => e.Level >= LogLevel.Warning, "the injected faults must have taken the failure paths, so that their logs are scanned");

        // Control: a line that bypasses redaction is caught by the same scan, so a clean result means something.
        capture.CreateLogger("control").Log(LogLevel.Information, default, "Caller " + forbidden[0], null, (state, _) => state);
        Leaks(capture, forbidden).Should().Contain(l => l.StartsWith("control", StringComparison.Ordinal));

        var leaks = Leaks(capture, forbidden).Where(l => !l.StartsWith("control", StringComparison.Ordinal)).ToList();
        leaks.Should().BeEmpty();

        var audit = await services.GetRequiredService<IAuditLog>().VerifyAsync();
        audit.IsValid.Should().BeTrue(audit.Message);
    }

    private static List<string> Leaks(CapturingLoggerProvider capture, IReadOnlyList<string> forbidden) => (
        from entry in capture.Entries
        from text in entry.Texts()
        from value in forbidden
        where text.Contains(value, StringComparison.Ordinal)
        select $"{entry.Category} [{entry.EventId}] holds {PiiMask.Phone(value) ?? "?"}").Distinct().ToList();

    private ServiceProvider BuildServices(VendorSimulatorHost simulator, CapturingLoggerProvider capture)
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(Time);
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(capture).AddCallCrmRedaction());
        services.AddSimulatorProviders(simulator);
        services.AddSqliteStateStore(o => o.DataSource = StatePath);
        services.AddCallCrmAuditLog(o => o.SealingKey = new Secret(SealingKey));
        services.AddCallCrmDataChangeAuditing();
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }

    /// <summary>Every secret of the run, with the forms a leak would take (an HTTP basic credential is base64 of id and secret).</summary>
    private static IEnumerable<string> Secrets(VendorSimulatorHost simulator)
    {
        var options = simulator.Options;
        yield return options.TwilioAuthToken;
        yield return options.TwilioApiKeySecret;
        yield return options.HubSpotAccessToken;
        yield return options.CallSystemWebhookSecret;
        yield return SealingKey;
        yield return Convert.ToBase64String(Encoding.UTF8.GetBytes(options.TwilioAccountSid + ":" + options.TwilioAuthToken));
    }
}
