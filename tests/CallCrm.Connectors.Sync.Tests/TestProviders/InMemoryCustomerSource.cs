using System.Runtime.CompilerServices;
using CallCrm.Connectors.Checkpoints;
using CallCrm.Connectors.Model;
using CallCrm.Connectors.Providers;

namespace CallCrm.Connectors.Sync.Tests.TestProviders;

/// <summary>A CRM's change feed in memory: the latest change per customer, ordered by (change time, customer id).</summary>
internal sealed class InMemoryCustomerSource : ICustomerSource
{
    private readonly object _lock = new();
    private readonly Dictionary<string, CustomerChange> _changes = new(StringComparer.Ordinal);

    public string Name => "memory-crm";

    public SourceCapabilities Capabilities { get; } = new(SourceOrdering.ChangeTime);

    /// <summary>Called before each change is yielded, with its index in the read (for example to take the call system down mid-run).</summary>
    public Action<int>? OnYield { get; set; }

    public void Change(CustomerChange change)
    {
        lock (_lock)
        {
            _changes[change.Customer.Id] = change;
        }
    }

    /// <summary>Gets the customer's latest change: what the CRM holds for it now.</summary>
    public CustomerChange? Current(string customerId)
    {
        lock (_lock)
        {
            return _changes.GetValueOrDefault(customerId);
        }
    }

    public async IAsyncEnumerable<SourceItem<CustomerChange>> ReadAsync(ReadRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var after = request.Since as WatermarkCheckpoint ?? WatermarkCheckpoint.Start;
        List<CustomerChange> changes;
        lock (_lock)
        {
            changes = _changes.Values
                .Where(c => after.IsBefore(c.ChangedAt, c.Customer.Id) && (request.Until is null || c.ChangedAt < request.Until))
                .OrderBy(c => c.ChangedAt).ThenBy(c => c.Customer.Id, StringComparer.Ordinal)
                .ToList();
        }

        for (var i = 0; i < changes.Count; i++)
        {
            var change = changes[i];
            cancellationToken.ThrowIfCancellationRequested();
            OnYield?.Invoke(i);
            await Task.Yield();
            yield return new SourceItem<CustomerChange>(change, new WatermarkCheckpoint(change.ChangedAt, change.Customer.Id));
        }
    }
}
