using System;
using System.Threading;
using System.Threading.Tasks;

namespace CallCrm.Connectors.Testing;

/// <summary>The part of every conformance harness that controls the vendor backend behind the provider under test.</summary>
/// <remarks>
/// A harness owns one fresh, empty backend (a vendor fake on 127.0.0.1, an in-memory store, a test tenant) for one
/// test; the fixture creates a harness before each test and disposes it after. Every member is asynchronous and
/// takes a token so that a harness over a real HTTP fake is as easy to write as one over memory.
/// </remarks>
public abstract class ProviderHarness : IAsyncDisposable
{
    /// <summary>Makes the backend fail as <paramref name="fault"/> says, or work again with <see cref="BackendFault.None"/>.</summary>
    /// <param name="fault">The failure to produce from now on.</param>
    /// <param name="cancellationToken">Cancels the change.</param>
    /// <returns>A task that completes when the backend behaves as asked.</returns>
    /// <remarks>The kit sets a fault before it creates the provider under test, and may clear it (set
    /// <see cref="BackendFault.None"/>) while that provider exists to check that it recovers.</remarks>
    public abstract ValueTask SetFaultAsync(BackendFault fault, CancellationToken cancellationToken = default);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await DisposeAsyncCore().ConfigureAwait(false);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the backend (stops a fake server, deletes a temporary tenant).</summary>
    /// <returns>A task that completes when the backend is released.</returns>
    protected virtual ValueTask DisposeAsyncCore() => ValueTask.CompletedTask;
}
