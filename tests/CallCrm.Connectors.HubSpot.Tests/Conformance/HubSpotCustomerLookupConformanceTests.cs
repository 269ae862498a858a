using CallCrm.Connectors.Model;
using CallCrm.Connectors.Providers;
using CallCrm.Connectors.Testing;

namespace CallCrm.Connectors.HubSpot.Tests.Conformance;

/// <summary>The SDK's customer-lookup conformance kit, run against the HubSpot lookup over the in-process simulator.</summary>
[TestFixture]
public sealed class HubSpotCustomerLookupConformanceTests : CustomerLookupConformanceTests
{
    protected override async ValueTask<CustomerLookupHarness> CreateHarnessAsync(CancellationToken cancellationToken) =>
        new SimulatorHarness(await SimulatorCrm.StartAsync(cancellationToken));

    private sealed class SimulatorHarness(SimulatorCrm crm) : CustomerLookupHarness
    {
        public override ValueTask<ICustomerLookup> CreateLookupAsync(CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(crm.Create<ICustomerLookup>());

        public override ValueTask<IReadOnlyList<string>> SeedAsync(IReadOnlyList<CustomerProfile> customers, CancellationToken cancellationToken = default) =>
            crm.SeedAsync(customers, cancellationToken);

        public override ValueTask SetFaultAsync(BackendFault fault, CancellationToken cancellationToken = default) => crm.SetFaultAsync(fault);

        protected override async ValueTask DisposeAsyncCore()
        {
            await crm.DisposeAsync();
            await base.DisposeAsyncCore();
        }
    }
}
