using System;
using System.Threading.Tasks;
using CallCrm.Connectors.Providers;
using NUnit.Framework;

namespace CallCrm.Connectors.Testing;

/// <summary>The conformance tests of an <see cref="ICustomerSource"/>: derive this fixture in the provider's test project and
/// implement <see cref="ConformanceTests{THarness}.CreateHarnessAsync"/> with a <see cref="CustomerSourceHarness"/>.</summary>
/// <remarks>Each test runs one scenario of <see cref="CustomerSourceScenarios"/> against a fresh backend.</remarks>
public abstract class CustomerSourceConformanceTests : ConformanceTests<CustomerSourceHarness>
{
    /// <summary>The source declares a name and valid capabilities.</summary>
    /// <returns>A task that completes when the test passed.</returns>
    [Test]
    public Task DeclaresANameAndValidCapabilities() => CustomerSourceScenarios.DeclaresANameAndValidCapabilitiesAsync(Harness, TestCancellationToken);

    /// <summary>A read from the start, paged to the end, yields a change of every seeded customer exactly once.</summary>
    /// <returns>A task that completes when the test passed.</returns>
    [Test]
    public Task ReadToTheEndYieldsEverySeededCustomerOnce() => CustomerSourceScenarios.ReadToTheEndYieldsEverySeededCustomerOnceAsync(Harness, TestCancellationToken);

    /// <summary>Resuming from the checkpoint of any change (stored and read back) yields exactly the changes after it, also among changes sharing one time across a page boundary.</summary>
    /// <returns>A task that completes when the test passed.</returns>
    [Test]
    public Task ResumingFromAnyCheckpointYieldsExactlyTheChangesAfterIt() => CustomerSourceScenarios.ResumingFromAnyCheckpointYieldsExactlyTheChangesAfterItAsync(Harness, TestCancellationToken);

    /// <summary>Positions are cursors for a source ordered by <see cref="SourceOrdering.ChangeCursor"/> and otherwise watermarks that never go back.</summary>
    /// <returns>A task that completes when the test passed.</returns>
    [Test]
    public Task PositionsMatchTheDeclaredKindAndNeverGoBack() => CustomerSourceScenarios.PositionsMatchTheDeclaredKindAndNeverGoBackAsync(Harness, TestCancellationToken);

    /// <summary>A read from an empty backend yields nothing.</summary>
    /// <returns>A task that completes when the test passed.</returns>
    [Test]
    public Task EmptyBackendYieldsNothing() => CustomerSourceScenarios.EmptyBackendYieldsNothingAsync(Harness, TestCancellationToken);

    /// <summary>A read with <see cref="ReadRequest.Until"/> yields the changes made before it and none at or after it.</summary>
    /// <returns>A task that completes when the test passed.</returns>
    [Test]
    public Task UntilExcludesChangesMadeAtOrAfterIt() => CustomerSourceScenarios.UntilExcludesChangesMadeAtOrAfterItAsync(Harness, TestCancellationToken);

    /// <summary>Cancelling a read after its first change stops it before the next with an <see cref="OperationCanceledException"/>.</summary>
    /// <returns>A task that completes when the test passed.</returns>
    [Test]
    public Task CancellationMidReadStopsWithOperationCanceledException() => CustomerSourceScenarios.CancellationMidReadStopsWithOperationCanceledExceptionAsync(Harness, TestCancellationToken);

    /// <summary>A read from a backend answering 5xx fails with a transient <c>SERVICE_UNAVAILABLE</c> <see cref="Errors.ConnectorException"/>.</summary>
    /// <returns>A task that completes when the test passed.</returns>
    [Test]
    public Task ServiceUnavailableSurfacesAsTransientConnectorException() => CustomerSourceScenarios.ServiceUnavailableSurfacesAsTransientConnectorExceptionAsync(Harness, TestCancellationToken);

    /// <summary>A read from an unreachable backend fails with a transient <see cref="Errors.ConnectorException"/>.</summary>
    /// <returns>A task that completes when the test passed.</returns>
    [Test]
    public Task UnreachableBackendSurfacesAsTransientConnectorException() => CustomerSourceScenarios.UnreachableBackendSurfacesAsTransientConnectorExceptionAsync(Harness, TestCancellationToken);

    /// <summary>A read with refused credentials fails with a permanent <c>AUTHENTICATION_FAILED</c> <see cref="Errors.ConnectorException"/>.</summary>
    /// <returns>A task that completes when the test passed.</returns>
    [Test]
    public Task RejectedCredentialsSurfaceAsAuthenticationFailed() => CustomerSourceScenarios.RejectedCredentialsSurfaceAsAuthenticationFailedAsync(Harness, TestCancellationToken);
}
