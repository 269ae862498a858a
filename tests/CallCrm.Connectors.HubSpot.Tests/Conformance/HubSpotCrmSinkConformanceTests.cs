using CallCrm.Connectors.Model;
using CallCrm.Connectors.Providers;
using CallCrm.Connectors.Testing;
using NodaTime;

namespace CallCrm.Connectors.HubSpot.Tests.Conformance;

/// <summary>The SDK's CRM-sink conformance kit, run against the HubSpot sink over the in-process simulator.</summary>
[TestFixture]
public sealed class HubSpotCrmSinkConformanceTests : CrmSinkConformanceTests
{
    protected override async ValueTask<RecordSinkHarness<CallRecord>> CreateHarnessAsync(CancellationToken cancellationToken) =>
        new SimulatorHarness(await SimulatorCrm.StartAsync(cancellationToken));

    private sealed class SimulatorHarness(SimulatorCrm crm) : CrmSinkHarness
    {
        // The engine never sends more than MaxBatchSize; the sink refuses a larger batch rather than split it.
        public override OversizedBatchHandling OversizedBatches => OversizedBatchHandling.Rejects;

        public override ValueTask<IRecordSink<CallRecord>> CreateSinkAsync(CancellationToken cancellationToken = default) =>
            ValueTask.FromResult<IRecordSink<CallRecord>>(crm.Create<ICrmSink>());

        public override async ValueTask<int> CountAsync(string key, CancellationToken cancellationToken = default) =>
            await crm.CountCallsAsync(key, cancellationToken);

        // HubSpot answers a negative hs_call_duration with 400 VALIDATION_ERROR.
        public override ValueTask<CallRecord> PrepareRejectedRecordAsync(CallRecord record, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(record with { Duration = Duration.FromSeconds(-5) });

        public override ValueTask SetFaultAsync(BackendFault fault, CancellationToken cancellationToken = default) => crm.SetFaultAsync(fault);

        protected override async ValueTask DisposeAsyncCore()
        {
            await crm.DisposeAsync();
            await base.DisposeAsyncCore();
        }
    }
}
