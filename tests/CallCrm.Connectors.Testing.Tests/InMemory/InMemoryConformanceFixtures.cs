using CallCrm.Connectors.Model;
using CallCrm.Connectors.Testing.InMemory;

namespace CallCrm.Connectors.Testing.Tests.InMemory;

// The reference providers run every conformance scenario and must pass them all: this is how a provider package derives the kit.

[TestFixture]
public sealed class InMemoryCallSourceConformanceTests : CallSourceConformanceTests
{
    protected override ValueTask<CallSourceHarness> CreateHarnessAsync(CancellationToken cancellationToken) =>
        ValueTask.FromResult<CallSourceHarness>(new InMemoryCallSourceHarness());
}

[TestFixture]
public sealed class InMemoryCustomerSourceConformanceTests : CustomerSourceConformanceTests
{
    protected override ValueTask<CustomerSourceHarness> CreateHarnessAsync(CancellationToken cancellationToken) =>
        ValueTask.FromResult<CustomerSourceHarness>(new InMemoryCustomerSourceHarness());
}

[TestFixture]
public sealed class InMemoryCustomerLookupConformanceTests : CustomerLookupConformanceTests
{
    protected override ValueTask<CustomerLookupHarness> CreateHarnessAsync(CancellationToken cancellationToken) =>
        ValueTask.FromResult<CustomerLookupHarness>(new InMemoryCustomerLookupHarness());
}

[TestFixture]
public sealed class InMemoryCrmSinkConformanceTests : CrmSinkConformanceTests
{
    protected override ValueTask<RecordSinkHarness<CallRecord>> CreateHarnessAsync(CancellationToken cancellationToken) =>
        ValueTask.FromResult<RecordSinkHarness<CallRecord>>(new InMemoryCrmSinkHarness());
}

/// <summary>A sink without upsert (and with batches of one) is honest about it, so it passes too: the kit asserts the declared behaviour.</summary>
[TestFixture]
public sealed class InMemoryCrmSinkWithoutUpsertConformanceTests : CrmSinkConformanceTests
{
    protected override ValueTask<RecordSinkHarness<CallRecord>> CreateHarnessAsync(CancellationToken cancellationToken) =>
        ValueTask.FromResult<RecordSinkHarness<CallRecord>>(new InMemoryCrmSinkHarness(
            crm => new InMemoryCrmSink(crm, new InMemoryCrmSinkOptions { UpsertByExternalId = false, MaxBatchSize = 1 })));
}

/// <summary>A sink that splits batches larger than its limit declares <see cref="OversizedBatchHandling.Accepts"/> and passes.</summary>
[TestFixture]
public sealed class SplittingCrmSinkConformanceTests : CrmSinkConformanceTests
{
    protected override ValueTask<RecordSinkHarness<CallRecord>> CreateHarnessAsync(CancellationToken cancellationToken) =>
        ValueTask.FromResult<RecordSinkHarness<CallRecord>>(new InMemoryCrmSinkHarness(
            crm => new SplittingSink<CallRecord>(new InMemoryCrmSink(crm, new InMemoryCrmSinkOptions { MaxBatchSize = 2 })),
            OversizedBatchHandling.Accepts));
}

/// <summary>A sink whose vendor refuses a batch holding a bad record as a whole (throwing, writing nothing) passes too: the
/// engine bisects such a batch.</summary>
[TestFixture]
public sealed class WholeBatchRefusingCrmSinkConformanceTests : CrmSinkConformanceTests
{
    protected override ValueTask<RecordSinkHarness<CallRecord>> CreateHarnessAsync(CancellationToken cancellationToken) =>
        ValueTask.FromResult<RecordSinkHarness<CallRecord>>(new InMemoryCrmSinkHarness(
            crm => new InMemoryCrmSink(crm, new InMemoryCrmSinkOptions { RefusesBatchAsAWhole = true, UpsertByExternalId = false })));
}

[TestFixture]
public sealed class InMemoryCallSystemSinkConformanceTests : CallSystemSinkConformanceTests
{
    protected override ValueTask<RecordSinkHarness<CustomerTagUpdate>> CreateHarnessAsync(CancellationToken cancellationToken) =>
        ValueTask.FromResult<RecordSinkHarness<CustomerTagUpdate>>(new InMemoryCallSystemSinkHarness());
}
