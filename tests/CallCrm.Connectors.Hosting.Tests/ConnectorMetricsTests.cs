using System.Diagnostics.Metrics;
using CallCrm.Connectors.Hosting.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Hosting;

namespace CallCrm.Connectors.Hosting.Tests;

public sealed class ConnectorMetricsTests : HostFixture
{
    [Test]
    public async Task RunOnce_RecordsReadWrittenAndSinkDuration_OnTheCallCrmConnectorsMeter()
    {
        AddCalls(12, before: TimeSpan.FromMinutes(30));
        using var host = NewHostBuilder(c => c.AddCallLogStream("calls", "calls", "crm").Configure(o => o.RunStreams = false)).Build();
        await host.StartAsync();
        var meters = host.Services.GetRequiredService<IMeterFactory>();
        using var read = new MetricCollector<long>(meters, ConnectorTelemetry.MeterName, "callcrm.records.read");
        using var written = new MetricCollector<long>(meters, ConnectorTelemetry.MeterName, "callcrm.records.written");
        using var duration = new MetricCollector<double>(meters, ConnectorTelemetry.MeterName, "callcrm.sink.duration");
        var streams = host.Services.GetRequiredService<ConnectorStreams>();
        await streams.InitializeAsync();

        await streams.GetCallLogStream("calls").RunOnceAsync();

        read.GetMeasurementSnapshot().EvaluateAsCounter().Should().Be(12);
        read.LastMeasurement!.Tags.Should().Contain(new KeyValuePair<string, object?>("callcrm.stream", "calls"));
        written.GetMeasurementSnapshot().EvaluateAsCounter().Should().Be(12);
        duration.GetMeasurementSnapshot().Should().NotBeEmpty();
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
        using var failed = new MetricCollector<long>(meters, ConnectorTelemetry.MeterName, "callcrm.records.failed");
        using var written = new MetricCollector<long>(meters, ConnectorTelemetry.MeterName, "callcrm.records.written");
        var streams = host.Services.GetRequiredService<ConnectorStreams>();
        await streams.InitializeAsync();

        var report = await streams.GetCallLogStream("calls").RunOnceAsync();

        report.DeadLettered.Should().Be(1);
        failed.GetMeasurementSnapshot().EvaluateAsCounter().Should().BeGreaterThanOrEqualTo(1);
        failed.LastMeasurement!.Tags.Should().ContainKey("error.type").WhoseValue.Should().NotBe("unknown");
        written.GetMeasurementSnapshot().EvaluateAsCounter().Should().Be(4);
        await host.StopAsync();
    }

    [Test]
    public async Task Gauges_AfterHealthRead_ReportOutboxDepthAndCheckpointLagPerStream()
    {
        AddCalls(3, before: TimeSpan.FromMinutes(30));
        using var host = NewHostBuilder(c => c.AddCallLogStream("calls", "calls", "crm").Configure(o => o.RunStreams = false)).Build();
        await host.StartAsync();
        var meters = host.Services.GetRequiredService<IMeterFactory>();
        using var depth = new MetricCollector<long>(meters, ConnectorTelemetry.MeterName, "callcrm.outbox.depth");
        using var lag = new MetricCollector<double>(meters, ConnectorTelemetry.MeterName, "callcrm.checkpoint.lag");
        var streams = host.Services.GetRequiredService<ConnectorStreams>();
        await streams.InitializeAsync();
        await streams.GetCallLogStream("calls").RunOnceAsync();
        Time.Advance(TimeSpan.FromMinutes(10));

        await streams.GetHealthAsync();
        depth.RecordObservableInstruments();
        lag.RecordObservableInstruments();

        depth.LastMeasurement!.Value.Should().Be(0);
        depth.LastMeasurement.Tags.Should().Contain(new KeyValuePair<string, object?>("callcrm.stream", "calls"));
        lag.LastMeasurement!.Value.Should().BeApproximately(TimeSpan.FromMinutes(40).TotalSeconds - 2, 1, "the last call started 30 min - 2 s before the run, and 10 min passed");
        await host.StopAsync();
    }
}
