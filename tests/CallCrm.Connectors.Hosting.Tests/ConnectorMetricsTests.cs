using System.Diagnostics.Metrics;
using CallCrm.Connectors.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Hosting;

namespace CallCrm.Connectors.Hosting.Tests;

public sealed class ConnectorMetricsTests : HostFixture
{
    [Test]
    public async Task RunOnce_RecordsSinkDurationOnTheHostingMeterAndRecordsOnTheEnginesMeterFromTheHostsFactory()
    {
        AddCalls(12, before: TimeSpan.FromMinutes(30));
        using var host = NewHostBuilder(c => c.AddCallLogStream("calls", "calls", "crm").Configure(o => o.RunStreams = false)).Build();
        await host.StartAsync();
        var meters = host.Services.GetRequiredService<IMeterFactory>();
        using var read = new MetricCollector<long>(meters, CallCrmTelemetry.MeterNames.Sync, "callcrm.sync.records.read");
        using var settled = new MetricCollector<long>(meters, CallCrmTelemetry.MeterNames.Sync, "callcrm.sync.records");
        using var duration = new MetricCollector<double>(meters, CallCrmTelemetry.MeterNames.Hosting, "callcrm.sink.duration");
        var streams = host.Services.GetRequiredService<ConnectorStreams>();
        await streams.InitializeAsync();

        await streams.GetCallLogStream("calls").RunOnceAsync();

        read.GetMeasurementSnapshot().EvaluateAsCounter().Should().Be(12);
        read.LastMeasurement!.Tags.Should().Contain(new KeyValuePair<string, object?>("callcrm.stream", "calls"));
        settled.GetMeasurementSnapshot().Where(m => Equals(m.Tags["callcrm.outcome"], "written")).Sum(m => m.Value).Should().Be(12);
        duration.GetMeasurementSnapshot().Should().NotBeEmpty();
        duration.LastMeasurement!.Tags.Should().Contain(new KeyValuePair<string, object?>("callcrm.provider", "in-memory-crm"))
            .And.NotContainKey("error.type", "the writes succeeded");
        duration.Instrument!.Unit.Should().Be("s");
        read.Instrument!.Unit.Should().Be("{record}");
        await host.StopAsync();
    }

    [Test]
    public async Task RunOnce_CrmRefusesARecord_CountsItFailedWithItsErrorType()
    {
        AddCalls(5, before: TimeSpan.FromMinutes(30));
        Crm.RefuseRecord("test:CA00002");
        using var host = NewHostBuilder(c => c.AddCallLogStream("calls", "calls", "crm").Configure(o => o.RunStreams = false)).Build();
        await host.StartAsync();
        var meters = host.Services.GetRequiredService<IMeterFactory>();
        using var failed = new MetricCollector<long>(meters, CallCrmTelemetry.MeterNames.Hosting, "callcrm.sink.records.failed");
        using var settled = new MetricCollector<long>(meters, CallCrmTelemetry.MeterNames.Sync, "callcrm.sync.records");
        var streams = host.Services.GetRequiredService<ConnectorStreams>();
        await streams.InitializeAsync();

        var report = await streams.GetCallLogStream("calls").RunOnceAsync();

        report.DeadLettered.Should().Be(1);
        failed.GetMeasurementSnapshot().EvaluateAsCounter().Should().BeGreaterThanOrEqualTo(1);
        failed.LastMeasurement!.Tags.Should().ContainKey("error.type").WhoseValue.Should().NotBe("unknown");
        var byOutcome = settled.GetMeasurementSnapshot().GroupBy(m => (string)m.Tags["callcrm.outcome"]!).ToDictionary(g => g.Key, g => g.Sum(m => m.Value));
        byOutcome.Should().Contain("written", 4).And.Contain("dead_lettered", 1);
        await host.StopAsync();
    }

    [Test]
    public async Task Gauges_AfterARunWithoutAnyHealthRead_ReportOutboxDepthAndALagThatGrowsWithTheClock()
    {
        AddCalls(3, before: TimeSpan.FromMinutes(30));
        using var host = NewHostBuilder(c => c.AddCallLogStream("calls", "calls", "crm").Configure(o => o.RunStreams = false)).Build();
        await host.StartAsync();
        var meters = host.Services.GetRequiredService<IMeterFactory>();
        using var depth = new MetricCollector<long>(meters, CallCrmTelemetry.MeterNames.Sync, "callcrm.sync.outbox.depth");
        using var lag = new MetricCollector<double>(meters, CallCrmTelemetry.MeterNames.Sync, "callcrm.sync.checkpoint.lag");
        using var circuit = new MetricCollector<int>(meters, CallCrmTelemetry.MeterNames.Sync, "callcrm.sync.circuit.state");
        var streams = host.Services.GetRequiredService<ConnectorStreams>();
        await streams.InitializeAsync();
        await streams.GetCallLogStream("calls").RunOnceAsync();

        Time.Advance(TimeSpan.FromMinutes(10));
        depth.RecordObservableInstruments();
        lag.RecordObservableInstruments();
        circuit.RecordObservableInstruments();

        depth.LastMeasurement!.Value.Should().Be(0);
        depth.LastMeasurement.Tags.Should().Contain(new KeyValuePair<string, object?>("callcrm.stream", "calls"));
        lag.LastMeasurement!.Value.Should().BeApproximately(TimeSpan.FromMinutes(40).TotalSeconds - 2, 1, "the last call started 30 min - 2 s before the run, and 10 min passed since");
        circuit.LastMeasurement!.Value.Should().Be(0, "the sink's circuit is closed");
        circuit.LastMeasurement.Tags.Should().Contain(new KeyValuePair<string, object?>("callcrm.provider", "in-memory-crm"));
        await host.StopAsync();
    }
}
