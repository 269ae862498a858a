using CallCrm.Connectors.Testing.InMemory;
using CallCrm.Connectors.Testing.Tests.Broken;
using CallCrm.Connectors.Testing.Tests.InMemory;

namespace CallCrm.Connectors.Testing.Tests;

public class CustomerSourceScenariosTests
{
    [Test]
    public async Task ResumingFromAnyCheckpoint_SourceRepeatingChangesSharingTheTimestamp_Fails()
    {
        await using var harness = new InMemoryCustomerSourceHarness(crm => new BoundaryRepeatingCustomerSource(new InMemoryCustomerSource(crm)));
        await ((Func<Task>)(() => CustomerSourceScenarios.ResumingFromAnyCheckpointYieldsExactlyTheChangesAfterItAsync(harness)))
            .ShouldFailBecauseAsync("yields exactly the items after it");
    }
}
