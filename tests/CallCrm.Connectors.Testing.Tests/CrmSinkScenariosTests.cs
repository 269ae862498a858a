using CallCrm.Connectors.Model;
using CallCrm.Connectors.Testing.InMemory;
using CallCrm.Connectors.Testing.Tests.Broken;
using CallCrm.Connectors.Testing.Tests.InMemory;

namespace CallCrm.Connectors.Testing.Tests;

// The bugs only a CRM sink can be configured to show here: the in-memory CRM sink can write without upsert.
public class CrmSinkScenariosTests
{
    [Test]
    public async Task ReplayingABatch_SinkClaimingUpsertButDuplicating_Fails()
    {
        await using var harness = new InMemoryCrmSinkHarness(LyingAboutUpsert);
        await ((Func<Task>)(() => RecordSinkScenarios.ReplayingABatchCreatesNoDuplicatesAsync(harness)))
            .ShouldFailBecauseAsync("creates no duplicate");
    }

    [Test]
    public async Task WritingAChangedRecord_SinkClaimingUpsertButDuplicating_Fails()
    {
        await using var harness = new InMemoryCrmSinkHarness(LyingAboutUpsert);
        await ((Func<Task>)(() => RecordSinkScenarios.WritingAChangedRecordUpdatesItInPlaceAsync(harness)))
            .ShouldFailBecauseAsync("updates the record it wrote before");
    }

    [Test]
    public async Task WritingAChangedRecord_SinkNeverWritingANewerVersion_Fails()
    {
        await using var harness = new InMemoryCrmSinkHarness(crm => new FirstVersionOnlySink<CallRecord>(new InMemoryCrmSink(crm)));
        await ((Func<Task>)(() => RecordSinkScenarios.WritingAChangedRecordUpdatesItInPlaceAsync(harness)))
            .ShouldFailBecauseAsync("as written");
    }

    [Test]
    public async Task ReplayingABatch_SinkWithoutUpsertClaimingUnchanged_Fails()
    {
        await using var harness = new InMemoryCrmSinkHarness(crm => new UnchangedClaimingSink<CallRecord>(WithoutUpsert(crm)));
        await ((Func<Task>)(() => RecordSinkScenarios.ReplayingABatchCreatesNoDuplicatesAsync(harness)))
            .ShouldFailBecauseAsync("claims Unchanged");
    }

    [Test]
    public async Task ABatchWithOneRejectedRecord_SinkWithoutUpsertWritingTheGoodRecordsThenThrowing_Fails()
    {
        await using var harness = new InMemoryCrmSinkHarness(crm => new WholeBatchFailingSink<CallRecord>(WithoutUpsert(crm)));
        await ((Func<Task>)(() => RecordSinkScenarios.ABatchWithOneRejectedRecordFailsOnlyThatRecordAsync(harness)))
            .ShouldFailBecauseAsync("would be duplicated");
    }

    private static InMemoryCrmSink WithoutUpsert(InMemoryCrm crm) => new(crm, new InMemoryCrmSinkOptions { UpsertByExternalId = false });

    private static RecordSinkDecorator<CallRecord> LyingAboutUpsert(InMemoryCrm crm)
    {
        var sink = WithoutUpsert(crm);
        return new RecordSinkDecorator<CallRecord>(sink, sink.Capabilities with { SupportsUpsertByExternalId = true });
    }
}
