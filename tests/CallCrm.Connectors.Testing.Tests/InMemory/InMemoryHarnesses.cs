using CallCrm.Connectors.Model;
using CallCrm.Connectors.Providers;
using CallCrm.Connectors.Testing.InMemory;

namespace CallCrm.Connectors.Testing.Tests.InMemory;

// Harnesses over the in-memory backends. Each takes a factory for the provider under test, so that the detection tests can
// put a deliberately broken provider over the same backend.

internal sealed class InMemoryCallSourceHarness(Func<InMemoryCallSystem, ICallSource>? factory = null) : CallSourceHarness
{
    public InMemoryCallSystem CallSystem { get; } = new();

    public override ValueTask<ICallSource> CreateSourceAsync(CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(factory?.Invoke(CallSystem) ?? new InMemoryCallSource(CallSystem));

    public override ValueTask<IReadOnlyList<string>> SeedAsync(IReadOnlyList<CallRecord> calls, CancellationToken cancellationToken = default)
    {
        foreach (var call in calls)
        {
            CallSystem.AddCall(call);
        }

        return ValueTask.FromResult<IReadOnlyList<string>>([.. calls.Select(c => c.Key)]);
    }

    public override ValueTask SetFaultAsync(BackendFault fault, CancellationToken cancellationToken = default)
    {
        CallSystem.Fault = fault;
        return ValueTask.CompletedTask;
    }
}

internal sealed class InMemoryCustomerSourceHarness(Func<InMemoryCrm, ICustomerSource>? factory = null) : CustomerSourceHarness
{
    public InMemoryCrm Crm { get; } = new();

    public override ValueTask<ICustomerSource> CreateSourceAsync(CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(factory?.Invoke(Crm) ?? new InMemoryCustomerSource(Crm));

    public override ValueTask<IReadOnlyList<string>> SeedAsync(IReadOnlyList<CustomerProfile> customers, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(InMemorySeeding.AddCustomers(Crm, customers));

    public override ValueTask SetFaultAsync(BackendFault fault, CancellationToken cancellationToken = default)
    {
        Crm.Fault = fault;
        return ValueTask.CompletedTask;
    }
}

internal sealed class InMemoryCustomerLookupHarness(Func<InMemoryCrm, ICustomerLookup>? factory = null) : CustomerLookupHarness
{
    public InMemoryCrm Crm { get; } = new();

    public override ValueTask<ICustomerLookup> CreateLookupAsync(CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(factory?.Invoke(Crm) ?? new InMemoryCustomerLookup(Crm));

    public override ValueTask<IReadOnlyList<string>> SeedAsync(IReadOnlyList<CustomerProfile> customers, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(InMemorySeeding.AddCustomers(Crm, customers));

    public override ValueTask SetFaultAsync(BackendFault fault, CancellationToken cancellationToken = default)
    {
        Crm.Fault = fault;
        return ValueTask.CompletedTask;
    }
}

internal sealed class InMemoryCrmSinkHarness(
    Func<InMemoryCrm, IRecordSink<CallRecord>>? factory = null,
    OversizedBatchHandling oversizedBatches = OversizedBatchHandling.Rejects) : CrmSinkHarness
{
    public InMemoryCrm Crm { get; } = new();

    public override OversizedBatchHandling OversizedBatches => oversizedBatches;

    public override ValueTask<IRecordSink<CallRecord>> CreateSinkAsync(CancellationToken cancellationToken = default) =>
        ValueTask.FromResult<IRecordSink<CallRecord>>(factory?.Invoke(Crm) ?? new InMemoryCrmSink(Crm));

    // The CRM holds the newest version written, and only once.
    public override ValueTask<bool> HoldsAsync(CallRecord record, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Crm.GetActivities(record.Key) is [var held] && held == record);

    public override ValueTask<int> CountAsync(string key, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Crm.CountActivities(key));

    public override ValueTask<CallRecord> PrepareRejectedRecordAsync(CallRecord record, CancellationToken cancellationToken = default)
    {
        Crm.RefuseRecord(record.Key);
        return ValueTask.FromResult(record);
    }

    public override ValueTask SetFaultAsync(BackendFault fault, CancellationToken cancellationToken = default)
    {
        Crm.Fault = fault;
        return ValueTask.CompletedTask;
    }
}

internal sealed class InMemoryCallSystemSinkHarness(
    Func<InMemoryCallSystem, IRecordSink<CustomerTagUpdate>>? factory = null,
    OversizedBatchHandling oversizedBatches = OversizedBatchHandling.Rejects) : CallSystemSinkHarness
{
    public InMemoryCallSystem CallSystem { get; } = new();

    public override OversizedBatchHandling OversizedBatches => oversizedBatches;

    public override ValueTask<IRecordSink<CustomerTagUpdate>> CreateSinkAsync(CancellationToken cancellationToken = default) =>
        ValueTask.FromResult<IRecordSink<CustomerTagUpdate>>(factory?.Invoke(CallSystem) ?? new InMemoryCallSystemSink(CallSystem));

    public override ValueTask<CustomerTagUpdate> PrepareRejectedRecordAsync(CustomerTagUpdate record, CancellationToken cancellationToken = default)
    {
        CallSystem.RefuseTags(record.CustomerId);
        return ValueTask.FromResult(record);
    }

    public override ValueTask<IReadOnlyList<CustomerTag>?> GetTagsAsync(string customerId, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(CallSystem.GetTags(customerId));

    public override ValueTask SetFaultAsync(BackendFault fault, CancellationToken cancellationToken = default)
    {
        CallSystem.Fault = fault;
        return ValueTask.CompletedTask;
    }
}

internal static class InMemorySeeding
{
    public static IReadOnlyList<string> AddCustomers(InMemoryCrm crm, IReadOnlyList<CustomerProfile> customers)
    {
        foreach (var customer in customers)
        {
            crm.AddCustomer(customer);
        }

        return [.. customers.Select(c => c.Id)];
    }
}
