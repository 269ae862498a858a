using CallCrm.Connectors.Sync;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CallCrm.Connectors.Hosting.Tests;

public sealed class ConfigurationValidationTests : HostFixture
{
    [Test]
    public async Task StartAsync_StreamNamesUnregisteredSource_FailsSayingWhichAndHowToFix()
    {
        using var host = NewHostBuilder(c => c.AddCallLogStream("twilio-to-hubspot", source: "twilo", sink: "crm")).Build();

        var start = async () => await host.StartAsync();

        var failure = (await start.Should().ThrowAsync<OptionsValidationException>()).Which;
        failure.Message.Should().Contain("Stream 'twilio-to-hubspot' reads from call source 'twilo'")
            .And.Contain("Registered call sources: calls")
            .And.Contain("fix CallCrm:Streams:twilio-to-hubspot:Source");
    }

    [Test]
    public async Task StartAsync_TagStreamNamingACallSourceAsCustomerSource_FailsForTheWrongKind()
    {
        using var host = NewHostBuilder(c => c.AddTagStream("tags", source: "calls", sink: "crm")).Build();

        var start = async () => await host.StartAsync();

        var failure = (await start.Should().ThrowAsync<OptionsValidationException>()).Which;
        failure.Message.Should().Contain("reads from customer source 'calls'").And.Contain("No customer source is registered at all")
            .And.Contain("writes to call-system sink 'crm'");
    }

    [Test]
    public async Task StartAsync_InvalidSyncOptionsAndThresholds_FailsNamingTheSetting()
    {
        using var host = NewHostBuilder(c => c
            .AddCallLogStream("calls", "calls", "crm", s => s.Sync.MaxBatchSize = 0)
            .Configure(o => o.Health.OutboxDepthDegraded = 20_000)).Build();

        var start = async () => await host.StartAsync();

        var failure = (await start.Should().ThrowAsync<OptionsValidationException>()).Which;
        failure.Message.Should().Contain("Stream 'calls'").And.Contain("Fix CallCrm:Streams:calls:Sync")
            .And.Contain("CallCrm:Health:OutboxDepthDegraded");
    }

    [Test]
    [SetUICulture("zh-CN")]
    public async Task StartAsync_UnderChineseUiCulture_ExplainsEachFailureInChinese()
    {
        using var host = NewHostBuilder(c => c
            .AddCallLogStream("calls", source: "twilo", sink: "crm", s => s.Sync.MaxBatchSize = 0)
            .Configure(o => o.Health.ConsecutiveFailuresUnhealthy = 0)).Build();

        var start = async () => await host.StartAsync();

        var failures = (await start.Should().ThrowAsync<OptionsValidationException>()).Which.Failures.ToList();
        failures.Should().BeEquivalentTo(
            "流“calls”读取自通话数据源“twilo”，但没有注册该名称的通话数据源。已注册的通话数据源：calls。请在主机启动前注册它" +
                "（services.AddTwilioCallSource(...) or builder.AddCallSource(name, ...)），或修改 CallCrm:Streams:calls:Source。",
            "流“calls”：MaxBatchSize 至少为 1。请修改 CallCrm:Streams:calls:Sync。",
            "CallCrm:Health:ConsecutiveFailuresUnhealthy 至少为 1。");
    }

    [Test]
    public async Task BindConfiguration_StreamsFromJson_CreatesThemWithTheirOptions()
    {
        var json = """
            {
              "CallCrm": {
                "RunStreams": false,
                "Streams": {
                  "calls-from-config": { "Kind": "CallLog", "Source": "calls", "Sink": "crm", "Sync": { "PollInterval": "00:00:05", "MaxBatchSize": 50 } }
                },
                "Health": { "CheckpointLagDegraded": "00:01:00" }
              }
            }
            """;
        var configuration = new ConfigurationBuilder().AddJsonStream(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json))).Build();
        using var host = NewHostBuilder(c => c.BindConfiguration(configuration.GetSection("CallCrm"))).Build();
        await host.StartAsync();
        var streams = host.Services.GetRequiredService<ConnectorStreams>();

        await streams.InitializeAsync();

        CallLogSync stream = streams.GetCallLogStream("calls-from-config");
        stream.Options.PollInterval.Should().Be(TimeSpan.FromSeconds(5));
        stream.Options.MaxBatchSize.Should().Be(50);
        streams.Options.Health.CheckpointLagDegraded.Should().Be(TimeSpan.FromMinutes(1));
        await host.StopAsync();
    }
}
