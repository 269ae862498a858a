using CallCrm.Connectors.Model;
using CallCrm.Connectors.Providers;
using CallCrm.Connectors.Testing.InMemory;
using CallCrm.Connectors.Testing.Tests.Broken;
using CallCrm.Connectors.Testing.Tests.InMemory;

namespace CallCrm.Connectors.Testing.Tests;

// The kit can fail, for every record kind: each scenario, run against a sink with the matching bug, throws an assertion naming the behaviour.
public abstract class RecordSinkScenariosTests<TRecord>
    where TRecord : ISyncRecord
{
    [Test]
    public async Task WritingABatch_SinkReturningOutcomesOutOfOrder_Fails()
    {
        await using var harness = CreateHarness(inner => new ReorderingSink<TRecord>(inner));
        await ((Func<Task>)(() => RecordSinkScenarios.WritingABatchReturnsOneWrittenOutcomePerRecordInOrderAsync(harness)))
            .ShouldFailBecauseAsync("in batch order");
    }

    [Test]
    public async Task ABatchWithOneRejectedRecord_SinkThrowingTransientlyForTheBatch_Fails()
    {
        await using var harness = CreateHarness(inner => new TransientlyRefusingSink<TRecord>(inner));
        await ((Func<Task>)(() => RecordSinkScenarios.ABatchWithOneRejectedRecordFailsOnlyThatRecordAsync(harness)))
            .ShouldFailBecauseAsync("fails permanently");
    }

    [Test]
    public async Task CancelledWrite_SinkIgnoringTheToken_Fails()
    {
        await using var harness = CreateHarness(inner => new CancellationIgnoringSink<TRecord>(inner));
        await ((Func<Task>)(() => RecordSinkScenarios.CancelledWriteThrowsOperationCanceledExceptionAndWritesNothingAsync(harness)))
            .ShouldFailBecauseAsync("OperationCanceledException");
    }

    [Test]
    public async Task ABatchLargerThanMaxBatchSize_SinkDeclaringRejectsButWritingIt_Fails()
    {
        await using var harness = CreateHarness(inner => new SplittingSink<TRecord>(inner), OversizedBatchHandling.Rejects);
        await ((Func<Task>)(() => RecordSinkScenarios.ABatchLargerThanMaxBatchSizeIsHandledAsDeclaredAsync(harness)))
            .ShouldFailBecauseAsync("rejects batches over MaxBatchSize");
    }

    [Test]
    public async Task ABatchLargerThanMaxBatchSize_SinkDeclaringAcceptsButRejectingIt_Fails()
    {
        await using var harness = CreateHarness(inner => inner, OversizedBatchHandling.Accepts);
        await ((Func<Task>)(() => RecordSinkScenarios.ABatchLargerThanMaxBatchSizeIsHandledAsDeclaredAsync(harness)))
            .ShouldFailBecauseAsync("writes batches over MaxBatchSize");
    }

    /// <summary>A harness over the kind's in-memory backend, its reference sink wrapped by <paramref name="wrap"/>.</summary>
    private protected abstract RecordSinkHarness<TRecord> CreateHarness(
        Func<IRecordSink<TRecord>, IRecordSink<TRecord>> wrap,
        OversizedBatchHandling oversizedBatches = OversizedBatchHandling.Rejects);
}

[TestFixture]
public sealed class CallRecordSinkScenariosTests : RecordSinkScenariosTests<CallRecord>
{
    private protected override RecordSinkHarness<CallRecord> CreateHarness(
        Func<IRecordSink<CallRecord>, IRecordSink<CallRecord>> wrap, OversizedBatchHandling oversizedBatches = OversizedBatchHandling.Rejects) =>
        new InMemoryCrmSinkHarness(crm => wrap(new InMemoryCrmSink(crm)), oversizedBatches);
}

[TestFixture]
public sealed class CustomerTagUpdateSinkScenariosTests : RecordSinkScenariosTests<CustomerTagUpdate>
{
    private protected override RecordSinkHarness<CustomerTagUpdate> CreateHarness(
        Func<IRecordSink<CustomerTagUpdate>, IRecordSink<CustomerTagUpdate>> wrap, OversizedBatchHandling oversizedBatches = OversizedBatchHandling.Rejects) =>
        new InMemoryCallSystemSinkHarness(callSystem => wrap(new InMemoryCallSystemSink(callSystem)), oversizedBatches);
}
