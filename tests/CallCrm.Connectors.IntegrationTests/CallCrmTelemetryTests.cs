using System.Security.Claims;
using CallCrm.Connectors.Diagnostics;
using CallCrm.Connectors.Hosting;
using CallCrm.Connectors.IntegrationTests.Infrastructure;
using CallCrm.Connectors.ScreenPop;
using CallCrm.Connectors.Security.Access;
using CallCrm.Connectors.Security.Audit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CallCrm.Connectors.IntegrationTests;

/// <summary><see cref="CallCrmTelemetry"/> is the whole list: a host with every package (Twilio and HubSpot over HTTP against the
/// simulator, a call-log and a tag stream, the webhook sink, screen-pop and its audit log) creates no meter or activity source that
/// is not on it, and a listener subscribed with those names alone sees the HTTP, sync, sink and screen-pop instruments.</summary>
[NonParallelizable]
public sealed class CallCrmTelemetryTests : SimulatorFixture
{
    private const string SealingKey = "telemetry-test-sealing-key-0123456789abcdef";
    [Test]
    public async Task EveryPackage_ExercisedInOneHost_CreatesOnlyTheDocumentedMetersAndActivitySources()
    {
        using var recorder = new TelemetryRecorder();

        await ExerciseEveryPackageAsync(recorder);

        recorder.MeterNames.Keys.Where(IsOurs).Should().BeEquivalentTo(
            CallCrmTelemetry.MeterNames.All, "every meter the packages create is on the documented list, and every listed meter is created");
        recorder.ActivitySourceNames.Keys.Where(IsOurs).Should().BeEquivalentTo(
            CallCrmTelemetry.ActivitySourceNames.All, "every activity source the packages create is on the documented list, and every listed one is created");
    }

    [Test]
    public async Task Listener_SubscribedWithTheDocumentedNamesOnly_SeesHttpSyncSinkAndScreenPopInstrumentsAndSpans()
    {
        using var recorder = new TelemetryRecorder();

        await ExerciseEveryPackageAsync(recorder);

        recorder.Measured.Keys.Should().Contain(
        [
            "callcrm.http.rate_limit.wait",
            "callcrm.sync.records.read",
            "callcrm.sync.records",
            "callcrm.sync.batch.duration",
            "callcrm.sync.runs",
            "callcrm.sync.circuit.state",
            "callcrm.sync.outbox.depth",
            "callcrm.sync.checkpoint.lag",
            "callcrm.sink.duration",
            "callcrm.webhook.pushes",
            "callcrm.screenpop.lookups",
            "callcrm.audit.flush.entries",
        ]);
        recorder.Spans.Keys.Should().Contain(["callcrm.sync.run", "callcrm.sync.batch", "callcrm.sink.write"]);
    }

    /// <summary>Anything but the platform's own meters and sources (the runtime, ASP.NET Core behind the simulator, HttpClient).</summary>
    private static bool IsOurs(string name) =>
        name.Length > 0
        && !name.StartsWith("System.", StringComparison.Ordinal)
        && !name.StartsWith("Microsoft.", StringComparison.Ordinal)
        && !name.StartsWith("Experimental.", StringComparison.Ordinal);

    private static ClaimsPrincipal Agent() => new(new ClaimsIdentity(
        [new Claim(ClaimTypes.NameIdentifier, "agent-7"), new Claim(ClaimTypes.Role, CustomerDataRoles.Agent)],
        authenticationType: "test"));

    private async Task ExerciseEveryPackageAsync(TelemetryRecorder recorder)
    {
        await using var simulator = await StartSimulatorAsync(calls: 20, contacts: 10, seed: 7);
        await TagContactsAsync(simulator, 3);
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["CallCrm:Security:Audit:SealingKey"] = SealingKey });
        builder.Services.AddSingleton<TimeProvider>(Time);
        builder.Services.AddMetrics();
        builder.Services.AddSimulatorProviders(simulator);
        builder.Services.AddCallCrmConnectors(callcrm => callcrm
            .UseSqliteStateStore(o => o.DataSource = StatePath)
            .AddCallLogStream("calls", source: "twilio", sink: "hubspot")
            .AddTagStream("tags", source: "hubspot", sink: "webhook")
            .AddScreenPop(o => o.Region = "CN")
            .Configure(o => o.RunStreams = false));
        using var host = builder.Build();
        await host.StartAsync();
        var streams = host.Services.GetRequiredService<ConnectorStreams>();
        await streams.InitializeAsync();

        var calls = await ClockPump.RunAsync(Time, () => streams.GetCallLogStream("calls").RunOnceAsync());
        var tags = await ClockPump.RunAsync(Time, () => streams.GetTagStream("tags").RunOnceAsync());
        await ClockPump.RunAsync(Time, () => host.Services.GetRequiredService<IScreenPopService>().LookupAsync("+8613800138000", Agent()).AsTask());
        await ClockPump.RunAsync(Time, async () =>
        {
            await host.Services.GetRequiredService<IAuditLog>().FlushAsync();
            return true;
        });
        recorder.RecordObservableInstruments();
        await host.StopAsync();

        calls.Written.Should().Be(20, calls.Message);
        tags.Written.Should().BeGreaterThanOrEqualTo(3, tags.Message);
    }
}
