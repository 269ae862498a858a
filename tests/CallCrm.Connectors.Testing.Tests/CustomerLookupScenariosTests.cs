using CallCrm.Connectors.Testing.InMemory;
using CallCrm.Connectors.Testing.Tests.Broken;
using CallCrm.Connectors.Testing.Tests.InMemory;

namespace CallCrm.Connectors.Testing.Tests;

public class CustomerLookupScenariosTests
{
    [Test]
    public async Task ASharedNumberFindsEveryCustomerOnIt_LookupReturningTheFirstMatchOnly_Fails()
    {
        await using var harness = new InMemoryCustomerLookupHarness(crm => new FirstMatchOnlyLookup(new InMemoryCustomerLookup(crm)));
        await ((Func<Task>)(() => CustomerLookupScenarios.ASharedNumberFindsEveryCustomerOnItAsync(harness)))
            .ShouldFailBecauseAsync("share the company's main line");
    }

    [Test]
    public async Task UnreachableBackend_LookupReportingANewCaller_Fails()
    {
        await using var harness = new InMemoryCustomerLookupHarness(crm => new NewCallerOnFailureLookup(new InMemoryCustomerLookup(crm)));
        await ((Func<Task>)(() => CustomerLookupScenarios.UnreachableBackendThrowsTransientConnectorExceptionAsync(harness)))
            .ShouldFailBecauseAsync("fails as a whole with a ConnectorException");
    }
}
