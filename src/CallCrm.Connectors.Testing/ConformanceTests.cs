using System;
using System.Threading;
using System.Threading.Tasks;
using NUnit.Framework;

namespace CallCrm.Connectors.Testing;

/// <summary>The NUnit plumbing of every conformance fixture: a fresh harness (and so a fresh backend) for each test.</summary>
/// <typeparam name="THarness">The harness type.</typeparam>
/// <remarks>
/// Derive one of <see cref="CallSourceConformanceTests"/>, <see cref="CrmSinkConformanceTests"/>,
/// <see cref="CustomerSourceConformanceTests"/>, <see cref="CallSystemSinkConformanceTests"/> or
/// <see cref="CustomerLookupConformanceTests"/> rather than this class. Every test is in the <c>Conformance</c>
/// category and is cancelled after two minutes, so that a provider that hangs fails instead of holding up the run.
/// </remarks>
[Category("Conformance")]
[CancelAfter(120_000)]
public abstract class ConformanceTests<THarness>
    where THarness : ProviderHarness
{
    private THarness? harness;

    /// <summary>Gets the harness of the running test.</summary>
    /// <exception cref="InvalidOperationException">Outside a test.</exception>
    protected THarness Harness => harness ?? throw new InvalidOperationException("The harness exists only while a test runs; it is created before each test.");

    /// <summary>Gets the token that cancels the running test (after two minutes, or when the run is stopped).</summary>
    protected static CancellationToken TestCancellationToken => TestContext.CurrentContext.CancellationToken;

    /// <summary>Creates the harness of one test, over a fresh, empty backend.</summary>
    /// <param name="cancellationToken">Cancels the creation.</param>
    /// <returns>The harness; the fixture disposes it after the test.</returns>
    protected abstract ValueTask<THarness> CreateHarnessAsync(CancellationToken cancellationToken);

    /// <summary>Creates the harness before each test.</summary>
    /// <returns>A task that completes when the harness is ready.</returns>
    [SetUp]
    public async Task CreateHarnessBeforeTestAsync() => harness = await CreateHarnessAsync(TestCancellationToken).ConfigureAwait(false);

    /// <summary>Disposes the harness after each test.</summary>
    /// <returns>A task that completes when the harness is disposed.</returns>
    [TearDown]
    public async Task DisposeHarnessAfterTestAsync()
    {
        if (harness is { } created)
        {
            harness = null;
            await created.DisposeAsync().ConfigureAwait(false);
        }
    }
}
