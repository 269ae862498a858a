using System.Diagnostics;
using CallCrm.Connectors.Hosting;
using CallCrm.Connectors.HubSpot;
using CallCrm.Connectors.Security.Redaction;
using CallCrm.Connectors.Sync;
using CallCrm.Connectors.VendorSimulator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CallCrm.Connectors.LoadTest;

/// <summary>
/// Our run, wired as the quick start wires it (samples/QuickStart/QuickStartHost.cs): Twilio source → engine with a
/// SQLite state file → HubSpot sink on the Professional tier, SDK defaults otherwise. One catch-up of every call.
/// </summary>
internal static class OursRun
{
    private const string Stream = "twilio-to-hubspot";

    public static async Task<(SyncRunReport Report, TimeSpan Elapsed, WireCounter Wire, EngineMetrics Metrics)> RunAsync(
        Uri simulator, string statePath, CancellationToken cancellationToken)
    {
        var wire = new WireCounter();
        var metrics = new EngineMetrics();
        try
        {
            var (report, elapsed) = await RunCoreAsync(simulator, statePath, wire, cancellationToken);
            return (report, elapsed, wire, metrics);
        }
        catch
        {
            metrics.Dispose();
            throw;
        }
    }

    private static async Task<(SyncRunReport Report, TimeSpan Elapsed)> RunCoreAsync(
        Uri simulator, string statePath, WireCounter wire, CancellationToken cancellationToken)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddTwilioCallSource(o =>
        {
            o.BaseAddress = simulator;
            o.AllowInsecureLoopback = true;
            o.AccountSid = SimulatorCredentials.TwilioAccountSid;
            o.AuthToken = new Secret(SimulatorCredentials.TwilioAuthToken);
            o.InitialLookback = TimeSpan.FromDays(31); // the simulator seeds 30 days back from the start of the hour
        });
        builder.Services.AddHubSpotCrm(o =>
        {
            o.BaseAddress = simulator;
            o.AllowInsecureLoopback = true;
            o.AccessToken = new Secret(SimulatorCredentials.HubSpotAccessToken);
            o.Tier = HubSpotAccountTier.Professional;
        });

        // Added after the connector's pipeline, so innermost: every attempt that reaches the wire is counted.
        builder.Services.AddHttpClient(HubSpotOptions.HttpClientName).AddHttpMessageHandler(wire.CreateHandler);
        builder.Services.AddCallCrmConnectors(callcrm => callcrm
            .UseSqliteStateStore(o => o.DataSource = statePath)
            .AddCallLogStream(Stream, source: "twilio", sink: "hubspot")
            .Configure(o => o.RunStreams = false));

        using var host = builder.Build();
        await host.StartAsync(cancellationToken);
        var streams = host.Services.GetRequiredService<ConnectorStreams>();
        await streams.InitializeAsync(cancellationToken);

        var stopwatch = Stopwatch.StartNew();
        var report = await streams.GetCallLogStream(Stream).RunOnceAsync(cancellationToken: cancellationToken);
        stopwatch.Stop();
        await host.StopAsync(CancellationToken.None);
        return (report, stopwatch.Elapsed);
    }
}
