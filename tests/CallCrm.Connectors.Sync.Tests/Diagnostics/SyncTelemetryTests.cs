using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using CallCrm.Connectors.Diagnostics;
using CallCrm.Connectors.Errors;
using CallCrm.Connectors.Sync.Tests.TestProviders;

namespace CallCrm.Connectors.Sync.Tests.Diagnostics;

[NonParallelizable]
public sealed class SyncTelemetryTests : EngineTestBase
{
    [Test]
    public async Task RunOnceAsync_EmitsRecordCountersByOutcomeAndRunAndBatchActivities()
    {
        var stream = "telemetry-" + Guid.NewGuid().ToString("N");
        var measurements = new ConcurrentDictionary<string, long>();
        using var meters = new MeterListener();
        meters.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == CallCrmTelemetry.MeterNames.Sync && instrument.Name == "callcrm.sync.records")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        meters.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            string? s = null, outcome = null;
            foreach (var tag in tags)
            {
                if (tag.Key == CallCrmTelemetry.Attributes.Stream)
                {
                    s = tag.Value as string;
                }
                else if (tag.Key == CallCrmTelemetry.Attributes.Outcome)
                {
                    outcome = tag.Value as string;
                }
            }

            if (s == stream)
            {
                measurements.AddOrUpdate(outcome!, value, (_, v) => v + value);
            }
        });
        meters.Start();
        var activities = new ConcurrentBag<Activity>();
        using var tracing = new ActivityListener
        {
            ShouldListenTo = source => source.Name == CallCrmTelemetry.ActivitySourceNames.Sync,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activities.Add,
        };
        ActivitySource.AddActivityListener(tracing);

        var source = new InMemoryCallSource();
        source.PutRange(Calls.Range(30));
        var sink = new RecordingCrmSink { RecordFailure = r => r.SourceId == "call-000003" ? new ConnectorError { Code = ConnectorErrorCode.ValidationFailed } : null };
        await NewEngine().AddCallLogStream(new CallLogStreamDefinition(stream, source, sink) { Options = FastOptions() }).RunOnceAsync();

        measurements.Should().Contain("written", 29).And.Contain("dead_lettered", 1);
        var mine = activities.Where(a => (a.GetTagItem("callcrm.stream") as string) == stream).ToList();
        mine.Should().Contain(a => a.OperationName == "callcrm.sync.run");
        mine.Should().Contain(a => a.OperationName == "callcrm.sync.batch");
    }
}
