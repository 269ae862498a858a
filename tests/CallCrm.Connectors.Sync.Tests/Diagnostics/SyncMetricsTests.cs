using System.Diagnostics.Metrics;
using CallCrm.Connectors.Diagnostics;
using CallCrm.Connectors.Errors;
using CallCrm.Connectors.Model;
using CallCrm.Connectors.Sync.Tags;
using CallCrm.Connectors.Sync.Tests.TestProviders;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using NodaTime;

namespace CallCrm.Connectors.Sync.Tests.Diagnostics;

/// <summary>The engine's meter: created through the host's <see cref="IMeterFactory"/>, one attribute key per dimension, and gauges
/// that observe the engine itself rather than the last health read.</summary>
public sealed class SyncMetricsTests : EngineTestBase
{
    private TestMeterFactory _meters = null!;

    [SetUp]
    public void SetUpMeters() => _meters = new TestMeterFactory();

    [TearDown]
    public void TearDownMeters() => _meters.Dispose();

    [Test]
    public async Task RunOnceAsync_EngineWithMeterFactory_RecordsReadsSettledRecordsAndTheRunOnTheFactorysMeter()
    {
        using var read = Collect<long>("callcrm.sync.records.read");
        using var settled = Collect<long>("callcrm.sync.records");
        using var runs = Collect<long>("callcrm.sync.runs");
        var source = new InMemoryCallSource();
        source.PutRange(Calls.Range(10));
        var sink = new RecordingCrmSink { RecordFailure = r => r.SourceId == "call-000004" ? new ConnectorError { Code = ConnectorErrorCode.ValidationFailed } : null };

        await NewEngineWithMeters().AddCallLogStream(new CallLogStreamDefinition("calls", source, sink) { Options = FastOptions() }).RunOnceAsync();

        read.GetMeasurementSnapshot().EvaluateAsCounter().Should().Be(10);
        read.LastMeasurement!.Tags.Should().Equal(new Dictionary<string, object?> { ["callcrm.stream"] = "calls" });
        ByOutcome(settled).Should().Equal(new Dictionary<string, long> { ["written"] = 9, ["dead_lettered"] = 1 });
        runs.GetMeasurementSnapshot().Should().ContainSingle().Which.Tags.Should().Contain("callcrm.outcome", "completed").And.ContainKey("callcrm.stream");
    }

    [Test]
    public async Task RunOnceAsync_TagStream_CountsChangesReadAndUnchangedUpdates()
    {
        using var read = Collect<long>("callcrm.sync.records.read");
        using var settled = Collect<long>("callcrm.sync.records");
        var crm = new InMemoryCustomerSource();
        var at = Instant.FromDateTimeOffset(Time.GetUtcNow()) - Duration.FromMinutes(10);
        crm.Change(new CustomerChange(new CustomerProfile { Id = "c1", Tags = [new CustomerTag("vip")] }, at, null));
        crm.Change(new CustomerChange(new CustomerProfile { Id = "c2", Tags = [new CustomerTag("vip")] }, at + Duration.FromSeconds(1), null));
        var stream = NewEngineWithMeters().AddTagStream(new TagStreamDefinition("tags", crm, new RecordingCallSystemSink()) { Options = FastOptions() });
        await stream.RunOnceAsync();

        // Nothing changed since: the look-back reads both again, and the engine settles them as unchanged.
        Time.Advance(TimeSpan.FromMinutes(1));
        var again = await stream.RunOnceAsync();

        again.Unchanged.Should().BeGreaterThan(0, again.Message);
        read.GetMeasurementSnapshot().EvaluateAsCounter().Should().Be(2 + again.Read);
        ByOutcome(settled).Should().Equal(new Dictionary<string, long> { ["written"] = 2, ["unchanged"] = again.Unchanged });
    }

    [Test]
    public async Task RunOnceAsync_SourceFails_CountsAFailedRunWithItsErrorType()
    {
        using var runs = Collect<long>("callcrm.sync.runs");
        var source = new InMemoryCallSource { OnYield = (_, _) => throw new ConnectorException(new ConnectorError { Code = ConnectorErrorCode.AuthenticationFailed }) };
        source.PutRange(Calls.Range(1));
        var stream = NewEngineWithMeters().AddCallLogStream(new CallLogStreamDefinition("calls", source, new RecordingCrmSink()) { Options = FastOptions() });

        await FluentActions.Awaiting(() => stream.RunOnceAsync()).Should().ThrowAsync<ConnectorException>();

        runs.GetMeasurementSnapshot().Should().ContainSingle().Which.Tags.Should()
            .Contain("callcrm.outcome", "failed").And.Contain("error.type", ConnectorErrorCode.AuthenticationFailed.Value);
    }

    [Test]
    public async Task Gauges_SinkDownDuringARun_ReportTheOpenCircuitAndTheOutboxWithoutAnyHealthRead()
    {
        using var circuit = Collect<int>("callcrm.sync.circuit.state");
        using var depth = Collect<long>("callcrm.sync.outbox.depth");
        using var age = Collect<double>("callcrm.sync.outbox.age");
        var source = new InMemoryCallSource();
        source.PutRange(Calls.Range(40));
        var sink = new RecordingCrmSink { Down = true };
        var stream = NewEngineWithMeters().AddCallLogStream(new CallLogStreamDefinition("calls", source, sink)
        {
            Options = FastOptions(o =>
            {
                o.Resilience.BreakerMinimumThroughput = 2;
                o.Resilience.BreakerFailureRatio = 0.5;
                o.Resilience.BreakDuration = TimeSpan.FromSeconds(30);
            }),
        });

        var report = await stream.RunOnceAsync();
        Time.Advance(TimeSpan.FromSeconds(20));
        circuit.RecordObservableInstruments();
        depth.RecordObservableInstruments();
        age.RecordObservableInstruments();

        report.Buffered.Should().Be(40);
        circuit.LastMeasurement!.Value.Should().Be((int)Health.CircuitStatus.Open);
        circuit.LastMeasurement.Tags.Should().Contain("callcrm.stream", "calls").And.Contain("callcrm.provider", sink.Name);
        depth.LastMeasurement!.Value.Should().Be(40);
        age.LastMeasurement!.Value.Should().BeApproximately(20, 0.001, "the age is measured on the engine's clock when the gauge is read");
    }

    private static Dictionary<string, long> ByOutcome(MetricCollector<long> collector) =>
        collector.GetMeasurementSnapshot().GroupBy(m => (string)m.Tags["callcrm.outcome"]!).ToDictionary(g => g.Key, g => g.Sum(m => m.Value));

    private MetricCollector<T> Collect<T>(string instrument)
        where T : struct => new(_meters, CallCrmTelemetry.MeterNames.Sync, instrument);

    private SyncEngine NewEngineWithMeters() => NewEngine(_meters);
}
