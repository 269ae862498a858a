using CallCrm.Connectors.Testing.Tests.Broken;
using CallCrm.Connectors.Testing.Tests.InMemory;

namespace CallCrm.Connectors.Testing.Tests;

public class CallSystemSinkScenariosTests
{
    [Test]
    public async Task ReplayingABatch_SinkAppendingTags_Fails()
    {
        await using var harness = new InMemoryCallSystemSinkHarness(cs => new AppendingCallSystemSink(cs));
        await ((Func<Task>)(() => CallSystemSinkScenarios.ReplayingABatchLeavesTheTagsAsTheyAreAsync(harness)))
            .ShouldFailBecauseAsync("each tag once");
    }

    [Test]
    public async Task ANewerVersionReplacesTheWholeTagSet_SinkAppendingTags_Fails()
    {
        await using var harness = new InMemoryCallSystemSinkHarness(cs => new AppendingCallSystemSink(cs));
        await ((Func<Task>)(() => CallSystemSinkScenarios.ANewerVersionReplacesTheWholeTagSetAsync(harness)))
            .ShouldFailBecauseAsync("not a delta");
    }
}
