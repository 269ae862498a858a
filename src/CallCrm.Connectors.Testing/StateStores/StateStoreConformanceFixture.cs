using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Threading;
using System.Threading.Tasks;
using CallCrm.Connectors.State;
using NUnit.Framework;

[assembly: SuppressMessage("Naming", "CA1707:Identifiers should not contain underscores", Scope = "namespaceanddescendants", Target = "~N:CallCrm.Connectors.Testing.StateStores", Justification = "Test names state Member_Scenario_Outcome, as the stores' own tests do, so a failure reads the same for every store.")]

namespace CallCrm.Connectors.Testing.StateStores;

/// <summary>The NUnit plumbing of every state-store conformance fixture: a fresh store (over fresh, empty state) for each test, opened
/// by the derived class; whatever it registers with <see cref="DisposeAfterTest"/> is disposed when the test ends.</summary>
/// <remarks>
/// Derive <see cref="OutboxStoreConformanceTests"/>, <see cref="DeadLetterStoreConformanceTests"/>, <see cref="DeliveryLedgerConformanceTests"/>,
/// <see cref="CheckpointStoreConformanceTests"/> or <see cref="StateStoreConformanceTests"/> rather than this class. Every test
/// is in the <c>Conformance</c> category and is cancelled after two minutes, so that a store that hangs fails instead of holding
/// up the run.
/// </remarks>
[Category("Conformance")]
[CancelAfter(120_000)]
public abstract class StateStoreConformanceFixture
{
    private readonly List<IAsyncDisposable> toDispose = [];
    private IConnectorStateStore? store;

    /// <summary>Gets the store of the running test, opened by <see cref="OpenStoreAsync"/> before the test.</summary>
    /// <exception cref="InvalidOperationException">Outside a test.</exception>
    protected IConnectorStateStore Store => store ?? throw new InvalidOperationException("The store exists only while a test runs; it is opened before each test.");

    /// <summary>Gets the token that cancels the running test (after two minutes, or when the run is stopped).</summary>
    protected static CancellationToken TestCancellationToken => TestContext.CurrentContext.CancellationToken;

    /// <summary>Opens a store over fresh, empty state (a new file, schema or database) and initializes it; called before each test.</summary>
    /// <param name="cancellationToken">Cancels the opening.</param>
    /// <returns>The initialized store. Register it (or what owns it, and disposes it with the state) with <see cref="DisposeAfterTest"/>.</returns>
    protected abstract Task<IConnectorStateStore> OpenStoreAsync(CancellationToken cancellationToken);

    /// <summary>Registers something to dispose when the running test ends (the store, the temporary file or schema holding it);
    /// registrations are disposed in reverse order.</summary>
    /// <param name="resource">What to dispose.</param>
    protected void DisposeAfterTest(IAsyncDisposable resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        toDispose.Add(resource);
    }

    /// <summary>Opens the store before each test.</summary>
    /// <returns>A task that completes when the store is ready.</returns>
    [SetUp]
    public async Task OpenStoreBeforeTestAsync() => store = await OpenStoreAsync(TestCancellationToken).ConfigureAwait(false);

    /// <summary>Disposes what the test registered with <see cref="DisposeAfterTest"/>.</summary>
    /// <returns>A task that completes when everything is disposed.</returns>
    [TearDown]
    public async Task DisposeAfterTestAsync()
    {
        store = null;
        for (var i = toDispose.Count - 1; i >= 0; i--)
        {
            var resource = toDispose[i];
            toDispose.RemoveAt(i);
            await resource.DisposeAsync().ConfigureAwait(false);
        }
    }
}
