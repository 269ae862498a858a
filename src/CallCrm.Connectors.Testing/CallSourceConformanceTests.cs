using System;
using System.Threading.Tasks;
using CallCrm.Connectors.Providers;
using NUnit.Framework;

namespace CallCrm.Connectors.Testing;

/// <summary>The conformance tests of an <see cref="ICallSource"/>: derive this fixture in the provider's test project and
/// implement <see cref="ConformanceTests{THarness}.CreateHarnessAsync"/> with a <see cref="CallSourceHarness"/>.</summary>
/// <remarks>Each test runs one scenario of <see cref="CallSourceScenarios"/> against a fresh backend.</remarks>
public abstract class CallSourceConformanceTests : ConformanceTests<CallSourceHarness>
{
    /// <summary>The source declares a name and valid capabilities.</summary>
    /// <returns>A task that completes when the test passed.</returns>
    [Test]
    public Task DeclaresANameAndValidCapabilities() => CallSourceScenarios.DeclaresANameAndValidCapabilitiesAsync(Harness, TestCancellationToken);

    /// <summary>A read from the start, paged to the end, yields every seeded call exactly once.</summary>
    /// <returns>A task that completes when the test passed.</returns>
    [Test]
    public Task ReadToTheEndYieldsEverySeededCallOnce() => CallSourceScenarios.ReadToTheEndYieldsEverySeededCallOnceAsync(Harness, TestCancellationToken);

    /// <summary>Resuming from the checkpoint of any call (stored and read back) yields exactly the calls after it, also among calls sharing one start time across a page boundary.</summary>
    /// <returns>A task that completes when the test passed.</returns>
    [Test]
    public Task ResumingFromAnyCheckpointYieldsExactlyTheCallsAfterIt() => CallSourceScenarios.ResumingFromAnyCheckpointYieldsExactlyTheCallsAfterItAsync(Harness, TestCancellationToken);

    /// <summary>Positions are cursors for a source ordered by <see cref="SourceOrdering.ChangeCursor"/> and otherwise watermarks that never go back.</summary>
    /// <returns>A task that completes when the test passed.</returns>
    [Test]
    public Task PositionsMatchTheDeclaredKindAndNeverGoBack() => CallSourceScenarios.PositionsMatchTheDeclaredKindAndNeverGoBackAsync(Harness, TestCancellationToken);

    /// <summary>A read from an empty backend yields nothing.</summary>
    /// <returns>A task that completes when the test passed.</returns>
    [Test]
    public Task EmptyBackendYieldsNothing() => CallSourceScenarios.EmptyBackendYieldsNothingAsync(Harness, TestCancellationToken);

    /// <summary>A read with <see cref="ReadRequest.Until"/> yields the calls whose time in the declared <see cref="SourceOrdering"/> (start time, or change time from <see cref="CallSourceHarness.TimeOf"/>) is before it and none at or after it; a source ordered by change cursor is not bound.</summary>
    /// <returns>A task that completes when the test passed.</returns>
    [Test]
    public Task UntilExcludesCallsAtOrAfterItByTheDeclaredOrdering() => CallSourceScenarios.UntilExcludesCallsAtOrAfterItByTheDeclaredOrderingAsync(Harness, TestCancellationToken);

    /// <summary>Calls that have not ended are yielded as not final (item and record); ended calls as final.</summary>
    /// <returns>A task that completes when the test passed.</returns>
    [Test]
    public Task CallsNotYetEndedAreNotFinal() => CallSourceScenarios.CallsNotYetEndedAreNotFinalAsync(Harness, TestCancellationToken);

    /// <summary>Cancelling a read after its first call stops it before the next with an <see cref="OperationCanceledException"/>.</summary>
    /// <returns>A task that completes when the test passed.</returns>
    [Test]
    public Task CancellationMidReadStopsWithOperationCanceledException() => CallSourceScenarios.CancellationMidReadStopsWithOperationCanceledExceptionAsync(Harness, TestCancellationToken);

    /// <summary>A read from a backend answering 5xx fails with a transient <c>SERVICE_UNAVAILABLE</c> <see cref="Errors.ConnectorException"/>.</summary>
    /// <returns>A task that completes when the test passed.</returns>
    [Test]
    public Task ServiceUnavailableSurfacesAsTransientConnectorException() => CallSourceScenarios.ServiceUnavailableSurfacesAsTransientConnectorExceptionAsync(Harness, TestCancellationToken);

    /// <summary>A read from an unreachable backend fails with a transient <see cref="Errors.ConnectorException"/>.</summary>
    /// <returns>A task that completes when the test passed.</returns>
    [Test]
    public Task UnreachableBackendSurfacesAsTransientConnectorException() => CallSourceScenarios.UnreachableBackendSurfacesAsTransientConnectorExceptionAsync(Harness, TestCancellationToken);

    /// <summary>A read with refused credentials fails with a permanent <c>AUTHENTICATION_FAILED</c> <see cref="Errors.ConnectorException"/>.</summary>
    /// <returns>A task that completes when the test passed.</returns>
    [Test]
    public Task RejectedCredentialsSurfaceAsAuthenticationFailed() => CallSourceScenarios.RejectedCredentialsSurfaceAsAuthenticationFailedAsync(Harness, TestCancellationToken);
}
