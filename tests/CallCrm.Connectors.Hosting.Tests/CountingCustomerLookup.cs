using CallCrm.Connectors.Model;
using CallCrm.Connectors.Providers;

namespace CallCrm.Connectors.Hosting.Tests;

/// <summary>Counts the CRM requests that reach the real lookup, per number, so a test can tell a cached card from a fresh one.</summary>
internal sealed class CountingCustomerLookup(ICustomerLookup inner) : ICustomerLookup
{
    private readonly Dictionary<string, int> calls = new(StringComparer.Ordinal);

    public string Name => inner.Name;


    public int CallsFor(string e164)
    {
        lock (calls)
        {
            return calls.GetValueOrDefault(e164);
        }
    }

    public ValueTask<CustomerLookupResult> FindByPhoneAsync(CustomerLookupRequest request, CancellationToken cancellationToken = default)
    {
        lock (calls)
        {
            calls[request.PhoneNumberE164] = calls.GetValueOrDefault(request.PhoneNumberE164) + 1;
        }

        return inner.FindByPhoneAsync(request, cancellationToken);
    }
}
