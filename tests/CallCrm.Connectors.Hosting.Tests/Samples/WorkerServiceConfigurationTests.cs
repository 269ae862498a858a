using CallCrm.Connectors.Testing.InMemory;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CallCrm.Connectors.Hosting.Tests.Samples;

/// <summary>The worker sample's appsettings.json must keep binding to valid streams.</summary>
public sealed class WorkerServiceConfigurationTests
{
    [Test]
    public async Task AppSettings_BindsTwoValidStreamsOverProvidersNamedAsTheSampleRegistersThem()
    {
        var path = Path.GetFullPath(Path.Combine(TestContext.CurrentContext.TestDirectory, "../../../../../samples/WorkerService/appsettings.json"));
        var configuration = new ConfigurationBuilder().AddJsonFile(path).Build().GetSection("CallCrm");
        var directory = Directory.CreateTempSubdirectory("callcrm-worker-config-");
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddCallCrmConnectors(c => c
            .UseSqliteStateStore(o => o.DataSource = Path.Combine(directory.FullName, "state.db"))
            .BindConfiguration(configuration)
            .Configure(o => o.RunStreams = false)
            // The names AddTwilioCallSource, AddHubSpotCrm and AddWebhookCallSystemSink register under.
            .AddCallSource("twilio", _ => new InMemoryCallSource(new InMemoryCallSystem(), "twilio"))
            .AddCrmSink("hubspot", _ => new InMemoryCrmSink(new InMemoryCrm()))
            .AddCustomerSource("hubspot", _ => new InMemoryCustomerSource(new InMemoryCrm()))
            .AddCallSystemSink("webhook", _ => new InMemoryCallSystemSink(new InMemoryCallSystem())));
        using var host = builder.Build();

        await host.StartAsync();
        var streams = host.Services.GetRequiredService<ConnectorStreams>();
        await streams.InitializeAsync();

        streams.GetCallLogStream("twilio-to-hubspot").Options.PollInterval.Should().Be(TimeSpan.FromSeconds(30));
        streams.GetTagStream("hubspot-tags").Options.PollInterval.Should().Be(TimeSpan.FromMinutes(1));
        streams.Options.Health.CheckpointLagUnhealthy.Should().Be(TimeSpan.FromHours(2));
        await host.StopAsync();
        directory.Delete(recursive: true);
    }
}
