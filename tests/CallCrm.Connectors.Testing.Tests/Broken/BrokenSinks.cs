using CallCrm.Connectors.Errors;
using CallCrm.Connectors.Model;
using CallCrm.Connectors.Providers;
using CallCrm.Connectors.Testing.InMemory;

namespace CallCrm.Connectors.Testing.Tests.Broken;

// Deliberately broken sinks and lookups, each with one bug a real provider could have.

/// <summary>A sink that overrides what its inner sink declares and otherwise passes everything through: one decorator for every record kind.</summary>
internal class RecordSinkDecorator<TRecord>(IRecordSink<TRecord> inner, SinkCapabilities? capabilities = null) : IRecordSink<TRecord>
    where TRecord : ISyncRecord
{
    public string Name => inner.Name;

    public SinkCapabilities Capabilities => capabilities ?? inner.Capabilities;

    protected IRecordSink<TRecord> Inner => inner;

    public virtual ValueTask<IReadOnlyList<RecordOutcome>> WriteAsync(IReadOnlyList<TRecord> batch, CancellationToken cancellationToken = default) =>
        inner.WriteAsync(batch, cancellationToken);
}

/// <summary>Throws the first failure of a batch for the whole batch (an all-or-nothing batch call), after the inner sink wrote the good records.</summary>
internal sealed class WholeBatchFailingSink<TRecord>(IRecordSink<TRecord> inner) : RecordSinkDecorator<TRecord>(inner)
    where TRecord : ISyncRecord
{
    public override async ValueTask<IReadOnlyList<RecordOutcome>> WriteAsync(IReadOnlyList<TRecord> batch, CancellationToken cancellationToken = default)
    {
        var outcomes = await Inner.WriteAsync(batch, cancellationToken);
        return outcomes.FirstOrDefault(o => o.Error is not null) is { Error: { } error } ? throw new ConnectorException(error) : outcomes;
    }
}

/// <summary>Reports a batch holding a refused record as a server error (a vendor answering 500 for bad data), which the engine would retry forever.</summary>
internal sealed class TransientlyRefusingSink<TRecord>(IRecordSink<TRecord> inner) : RecordSinkDecorator<TRecord>(inner)
    where TRecord : ISyncRecord
{
    public override async ValueTask<IReadOnlyList<RecordOutcome>> WriteAsync(IReadOnlyList<TRecord> batch, CancellationToken cancellationToken = default)
    {
        var outcomes = await Inner.WriteAsync(batch, cancellationToken);
        return outcomes.Any(o => o.Error is not null)
            ? throw new ConnectorException(ConnectorErrorClassifier.FromHttpResponse(500, Name))
            : outcomes;
    }
}

/// <summary>Returns outcomes sorted by key rather than in batch order.</summary>
internal sealed class ReorderingSink<TRecord>(IRecordSink<TRecord> inner) : RecordSinkDecorator<TRecord>(inner)
    where TRecord : ISyncRecord
{
    public override async ValueTask<IReadOnlyList<RecordOutcome>> WriteAsync(IReadOnlyList<TRecord> batch, CancellationToken cancellationToken = default) =>
        [.. (await Inner.WriteAsync(batch, cancellationToken)).OrderByDescending(o => o.Key, StringComparer.Ordinal)];
}

/// <summary>Claims <see cref="RecordOutcomeKind.Unchanged"/> for a key it wrote before, yet writes it again.</summary>
internal sealed class UnchangedClaimingSink<TRecord>(IRecordSink<TRecord> inner) : RecordSinkDecorator<TRecord>(inner)
    where TRecord : ISyncRecord
{
    private readonly HashSet<string> seen = new(StringComparer.Ordinal);

    public override async ValueTask<IReadOnlyList<RecordOutcome>> WriteAsync(IReadOnlyList<TRecord> batch, CancellationToken cancellationToken = default)
    {
        var outcomes = await Inner.WriteAsync(batch, cancellationToken);
        return [.. outcomes.Select(o => seen.Add(o.Key) ? o : o with { Kind = RecordOutcomeKind.Unchanged })];
    }
}

/// <summary>Reports a key it wrote before as written again without writing it, so a newer version never reaches the target.</summary>
internal sealed class FirstVersionOnlySink<TRecord>(IRecordSink<TRecord> inner) : RecordSinkDecorator<TRecord>(inner)
    where TRecord : ISyncRecord
{
    private readonly HashSet<string> seen = new(StringComparer.Ordinal);

    public override async ValueTask<IReadOnlyList<RecordOutcome>> WriteAsync(IReadOnlyList<TRecord> batch, CancellationToken cancellationToken = default)
    {
        var fresh = batch.Where(r => !seen.Contains(r.Key)).ToList();
        var written = (await Inner.WriteAsync(fresh, cancellationToken)).ToDictionary(o => o.Key, StringComparer.Ordinal);
        seen.UnionWith(fresh.Select(r => r.Key));
        return [.. batch.Select(r => written.GetValueOrDefault(r.Key) ?? RecordOutcome.Written(r.Key))];
    }
}

/// <summary>Ignores the caller's token.</summary>
internal sealed class CancellationIgnoringSink<TRecord>(IRecordSink<TRecord> inner) : RecordSinkDecorator<TRecord>(inner)
    where TRecord : ISyncRecord
{
    public override ValueTask<IReadOnlyList<RecordOutcome>> WriteAsync(IReadOnlyList<TRecord> batch, CancellationToken cancellationToken = default) =>
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
