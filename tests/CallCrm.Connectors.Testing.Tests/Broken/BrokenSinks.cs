using CallCrm.Connectors.Errors;
using CallCrm.Connectors.Model;
using CallCrm.Connectors.Providers;
using CallCrm.Connectors.Testing.InMemory;

namespace CallCrm.Connectors.Testing.Tests.Broken;

// Deliberately broken sinks and lookups, each with one bug a real provider could have.

/// <summary>A sink that overrides what its inner sink declares and otherwise passes everything through.</summary>
internal class CrmSinkDecorator(ICrmSink inner, SinkCapabilities? capabilities = null) : ICrmSink
{
    public string Name => inner.Name;

    public SinkCapabilities Capabilities => capabilities ?? inner.Capabilities;

    protected ICrmSink Inner => inner;

    public virtual ValueTask<IReadOnlyList<RecordOutcome>> WriteAsync(IReadOnlyList<CallRecord> batch, CancellationToken cancellationToken = default) =>
        inner.WriteAsync(batch, cancellationToken);
}

/// <summary>Throws for the whole batch when one record fails (an all-or-nothing batch call), losing the good records' outcomes.</summary>
internal sealed class WholeBatchFailingCrmSink(ICrmSink inner) : CrmSinkDecorator(inner)
{
    public override async ValueTask<IReadOnlyList<RecordOutcome>> WriteAsync(IReadOnlyList<CallRecord> batch, CancellationToken cancellationToken = default)
    {
        var outcomes = await Inner.WriteAsync(batch, cancellationToken);
        return outcomes.FirstOrDefault(o => o.Error is not null) is { Error: { } error } ? throw new ConnectorException(error) : outcomes;
    }
}

/// <summary>Returns outcomes sorted by key rather than in batch order.</summary>
internal sealed class ReorderingCrmSink(ICrmSink inner) : CrmSinkDecorator(inner)
{
    public override async ValueTask<IReadOnlyList<RecordOutcome>> WriteAsync(IReadOnlyList<CallRecord> batch, CancellationToken cancellationToken = default) =>
        [.. (await Inner.WriteAsync(batch, cancellationToken)).OrderByDescending(o => o.Key, StringComparer.Ordinal)];
}

/// <summary>Claims <see cref="RecordOutcomeKind.Unchanged"/> for a key it wrote before, yet writes it again.</summary>
internal sealed class UnchangedClaimingCrmSink(ICrmSink inner) : CrmSinkDecorator(inner)
{
    private readonly HashSet<string> seen = new(StringComparer.Ordinal);

    public override async ValueTask<IReadOnlyList<RecordOutcome>> WriteAsync(IReadOnlyList<CallRecord> batch, CancellationToken cancellationToken = default)
    {
        var outcomes = await Inner.WriteAsync(batch, cancellationToken);
        return [.. outcomes.Select(o => seen.Add(o.Key) ? o : o with { Kind = RecordOutcomeKind.Unchanged })];
    }
}

/// <summary>Ignores the caller's token.</summary>
internal sealed class CancellationIgnoringCrmSink(ICrmSink inner) : CrmSinkDecorator(inner)
{
    public override ValueTask<IReadOnlyList<RecordOutcome>> WriteAsync(IReadOnlyList<CallRecord> batch, CancellationToken cancellationToken = default) =>
        Inner.WriteAsync(batch, CancellationToken.None);
}

/// <summary>Appends the pushed tags to those held instead of replacing the set.</summary>
internal sealed class AppendingCallSystemSink(InMemoryCallSystem callSystem) : ICallSystemSink
{
    private readonly InMemoryCallSystemSink inner = new(callSystem);
    private long pushes;

    public string Name => inner.Name;

    public SinkCapabilities Capabilities => inner.Capabilities;

    public async ValueTask<IReadOnlyList<RecordOutcome>> WriteAsync(IReadOnlyList<CustomerTagUpdate> updates, CancellationToken cancellationToken = default)
    {
        var outcomes = await inner.WriteAsync(
            [.. updates.Select(u => u with { Tags = [.. callSystem.GetTags(u.CustomerId) ?? [], .. u.Tags], Version = ++pushes })],
            cancellationToken);
        return [.. outcomes.Select((o, i) => o with { Key = updates[i].Key })];
    }
}

/// <summary>Returns only the first customer on a number.</summary>
internal sealed class FirstMatchOnlyLookup(ICustomerLookup inner) : ICustomerLookup
{
    public string Name => inner.Name;

    public async ValueTask<CustomerLookupResult> FindByPhoneAsync(CustomerLookupRequest request, CancellationToken cancellationToken = default)
    {
        var result = await inner.FindByPhoneAsync(request, cancellationToken);
        return new CustomerLookupResult([.. result.Matches.Take(1)]);
    }
}

/// <summary>Treats an unreachable CRM as "new caller", so the agent sees no card instead of a connection error.</summary>
internal sealed class NewCallerOnFailureLookup(ICustomerLookup inner) : ICustomerLookup
{
    public string Name => inner.Name;

    public async ValueTask<CustomerLookupResult> FindByPhoneAsync(CustomerLookupRequest request, CancellationToken cancellationToken = default)
    {
        try
        {
            return await inner.FindByPhoneAsync(request, cancellationToken);
        }
        catch (ConnectorException)
        {
            return CustomerLookupResult.NotFound;
        }
    }
}
