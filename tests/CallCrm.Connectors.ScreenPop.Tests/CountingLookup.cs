using CallCrm.Connectors.Model;
using CallCrm.Connectors.Providers;

namespace CallCrm.Connectors.ScreenPop.Tests;

/// <summary>Counts the CRM requests that reach the real lookup, and can hold them at a gate so that lookups pile up behind one.</summary>
internal sealed class CountingLookup(ICustomerLookup inner) : ICustomerLookup
{
    private int calls;
    private TaskCompletionSource? gate;

    public int Calls => Volatile.Read(ref calls);

    public string Name => inner.Name;


    public CustomerLookupRequest? LastRequest { get; private set; }

    public void Hold() => gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Release() => gate?.TrySetResult();

    public async ValueTask<CustomerLookupResult> FindByPhoneAsync(CustomerLookupRequest request, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref calls);
        LastRequest = request;
        if (gate is { } held)
        {
            await held.Task.WaitAsync(cancellationToken);
        }

        return await inner.FindByPhoneAsync(request, cancellationToken);
    }
}
