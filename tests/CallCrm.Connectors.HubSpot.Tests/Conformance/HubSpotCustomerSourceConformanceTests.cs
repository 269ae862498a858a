using CallCrm.Connectors.Model;
using CallCrm.Connectors.Providers;
using CallCrm.Connectors.Testing;

namespace CallCrm.Connectors.HubSpot.Tests.Conformance;

/// <summary>The SDK's customer-source conformance kit, run against the HubSpot contact source over the in-process simulator.</summary>
[TestFixture]
public sealed class HubSpotCustomerSourceConformanceTests : CustomerSourceConformanceTests
{
    protected override async ValueTask<CustomerSourceHarness> CreateHarnessAsync(CancellationToken cancellationToken) =>
        new SimulatorHarness(await SimulatorCrm.StartAsync(cancellationToken));

    private sealed class SimulatorHarness(SimulatorCrm crm) : CustomerSourceHarness
    {
        public override ValueTask<ICustomerSource> CreateSourceAsync(CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(crm.Create<ICustomerSource>());

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
