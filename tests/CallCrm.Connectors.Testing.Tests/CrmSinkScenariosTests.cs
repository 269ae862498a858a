using CallCrm.Connectors.Providers;
using CallCrm.Connectors.Testing.InMemory;
using CallCrm.Connectors.Testing.Tests.Broken;
using CallCrm.Connectors.Testing.Tests.InMemory;

namespace CallCrm.Connectors.Testing.Tests;

// The kit can fail: each scenario, run against a sink with the matching bug, throws an assertion naming the behaviour.
public class CrmSinkScenariosTests
{
    [Test]
    public async Task ReplayingABatch_SinkClaimingUpsertButDuplicating_Fails()
    {
        await using var harness = new InMemoryCrmSinkHarness(LyingAboutUpsert);
        await ((Func<Task>)(() => CrmSinkScenarios.ReplayingABatchCreatesNoDuplicatesAsync(harness)))
            .ShouldFailBecauseAsync("creates no duplicate");
    }

    [Test]
    public async Task WritingAChangedRecord_SinkClaimingUpsertButDuplicating_Fails()
    {
        await using var harness = new InMemoryCrmSinkHarness(LyingAboutUpsert);
        await ((Func<Task>)(() => CrmSinkScenarios.WritingAChangedRecordUpdatesItInPlaceAsync(harness)))
            .ShouldFailBecauseAsync("updates the call it wrote");
    }

    [Test]
    public async Task ReplayingABatch_SinkWithoutUpsertClaimingUnchanged_Fails()
    {
        await using var harness = new InMemoryCrmSinkHarness(crm => new UnchangedClaimingCrmSink(WithoutUpsert(crm)));
        await ((Func<Task>)(() => CrmSinkScenarios.ReplayingABatchCreatesNoDuplicatesAsync(harness)))
            .ShouldFailBecauseAsync("claims Unchanged");
    }

    [Test]
    public async Task ABatchWithOneRejectedRecord_SinkFailingTheWholeBatch_Fails()
    {
        await using var harness = new InMemoryCrmSinkHarness(crm => new WholeBatchFailingCrmSink(new InMemoryCrmSink(crm)));
        await ((Func<Task>)(() => CrmSinkScenarios.ABatchWithOneRejectedRecordFailsOnlyThatRecordAsync(harness)))
            .ShouldFailBecauseAsync("instead of throwing for the whole batch");
    }

    [Test]
    public async Task WritingABatch_SinkReturningOutcomesOutOfOrder_Fails()
    {
        await using var harness = new InMemoryCrmSinkHarness(crm => new ReorderingCrmSink(new InMemoryCrmSink(crm)));
        await ((Func<Task>)(() => CrmSinkScenarios.WritingABatchReturnsOneWrittenOutcomePerRecordInOrderAsync(harness)))
            .ShouldFailBecauseAsync("in batch order");
    }

    [Test]
    public async Task CancelledWrite_SinkIgnoringTheToken_Fails()
    {
        await using var harness = new InMemoryCrmSinkHarness(crm => new CancellationIgnoringCrmSink(new InMemoryCrmSink(crm)));
        await ((Func<Task>)(() => CrmSinkScenarios.CancelledWriteThrowsOperationCanceledExceptionAndWritesNothingAsync(harness)))
            .ShouldFailBecauseAsync("OperationCanceledException");
    }

    [Test]
    public async Task ABatchLargerThanMaxBatchSize_SinkDeclaringRejectsButWritingIt_Fails()
    {
        await using var harness = new InMemoryCrmSinkHarness(
            crm => new SplittingCrmSink(new InMemoryCrmSink(crm, new InMemoryCrmSinkOptions { MaxBatchSize = 2 })),
            OversizedBatchHandling.Rejects);
        await ((Func<Task>)(() => CrmSinkScenarios.ABatchLargerThanMaxBatchSizeIsHandledAsDeclaredAsync(harness)))
            .ShouldFailBecauseAsync("rejects batches over MaxBatchSize");
    }

    [Test]
    public async Task ABatchLargerThanMaxBatchSize_SinkDeclaringAcceptsButRejectingIt_Fails()
    {
        await using var harness = new InMemoryCrmSinkHarness(oversizedBatches: OversizedBatchHandling.Accepts);
        await ((Func<Task>)(() => CrmSinkScenarios.ABatchLargerThanMaxBatchSizeIsHandledAsDeclaredAsync(harness)))
            .ShouldFailBecauseAsync("writes batches over MaxBatchSize");
    }

    private static InMemoryCrmSink WithoutUpsert(InMemoryCrm crm) => new(crm, new InMemoryCrmSinkOptions { UpsertByExternalId = false });

    private static CrmSinkDecorator LyingAboutUpsert(InMemoryCrm crm)
    {
        var sink = WithoutUpsert(crm);
        return new CrmSinkDecorator(sink, sink.Capabilities with { SupportsUpsertByExternalId = true });
    }
}
