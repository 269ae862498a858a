using CallCrm.Connectors.Testing.Tests.Broken;
using CallCrm.Connectors.Testing.Tests.InMemory;

namespace CallCrm.Connectors.Testing.Tests;

public class CallSystemSinkScenariosTests
{
    [Test]
    public async Task ReplayingABatch_SinkAppendingTags_Fails()
    {
        await using var harness = new InMemoryCallSystemSinkHarness(cs => new AppendingCallSystemSink(cs));
        await ((Func<Task>)(() => RecordSinkScenarios.ReplayingABatchCreatesNoDuplicatesAsync(harness)))
            .ShouldFailBecauseAsync("creates no duplicate");
    }

    [Test]
    public async Task WritingAChangedRecord_SinkAppendingTags_Fails()
    {
        await using var harness = new InMemoryCallSystemSinkHarness(cs => new AppendingCallSystemSink(cs));
        await ((Func<Task>)(() => RecordSinkScenarios.WritingAChangedRecordUpdatesItInPlaceAsync(harness)))
            .ShouldFailBecauseAsync("as written");
    }

    [Test]
    public async Task ANewerVersionReplacesTheWholeTagSet_SinkAppendingTags_Fails()
    {
        await using var harness = new InMemoryCallSystemSinkHarness(cs => new AppendingCallSystemSink(cs));
        await ((Func<Task>)(() => CustomerTagSinkScenarios.ANewerVersionReplacesTheWholeTagSetAsync(harness)))
            .ShouldFailBecauseAsync("not a delta");
    }
}
