using System;
using System.Threading.Tasks;
using CallCrm.Connectors.Providers;
using NUnit.Framework;

namespace CallCrm.Connectors.Testing;

/// <summary>The conformance tests of an <see cref="ICallSystemSink"/>: derive this fixture in the provider's test project and
/// implement <see cref="ConformanceTests{THarness}.CreateHarnessAsync"/> with a <see cref="CallSystemSinkHarness"/>.</summary>
/// <remarks>Each test runs one scenario of <see cref="CallSystemSinkScenarios"/> against a fresh backend.</remarks>
public abstract class CallSystemSinkConformanceTests : ConformanceTests<CallSystemSinkHarness>
{
    /// <summary>The sink declares a name and valid capabilities.</summary>
    /// <returns>A task that completes when the test passed.</returns>
    [Test]
    public Task DeclaresANameAndValidCapabilities() => CallSystemSinkScenarios.DeclaresANameAndValidCapabilitiesAsync(Harness, TestCancellationToken);

    /// <summary>Pushing tag updates returns one <see cref="RecordOutcomeKind.Written"/> outcome per update, in batch order, and the call system then holds each customer's tag set.</summary>
    /// <returns>A task that completes when the test passed.</returns>
    [Test]
    public Task PushingABatchReturnsOneWrittenOutcomePerUpdateInOrder() => CallSystemSinkScenarios.PushingABatchReturnsOneWrittenOutcomePerUpdateInOrderAsync(Harness, TestCancellationToken);

    /// <summary>Pushing the same updates again is not a failure and leaves each customer's tag set as it was (not doubled).</summary>
    /// <returns>A task that completes when the test passed.</returns>
    [Test]
    public Task ReplayingABatchLeavesTheTagsAsTheyAre() => CallSystemSinkScenarios.ReplayingABatchLeavesTheTagsAsTheyAreAsync(Harness, TestCancellationToken);

    /// <summary>A newer version of a customer's tags replaces the whole set: tags it no longer has are removed.</summary>
    /// <returns>A task that completes when the test passed.</returns>
    [Test]
    public Task ANewerVersionReplacesTheWholeTagSet() => CallSystemSinkScenarios.ANewerVersionReplacesTheWholeTagSetAsync(Harness, TestCancellationToken);

    /// <summary>A push to a call system answering 5xx fails transiently, and the same sink pushes once the call system is back.</summary>
    /// <returns>A task that completes when the test passed.</returns>
    [Test]
    public Task ServiceUnavailableFailsTransientlyAndRecovers() => CallSystemSinkScenarios.ServiceUnavailableFailsTransientlyAndRecoversAsync(Harness, TestCancellationToken);

    /// <summary>A push to an unreachable call system throws a transient <see cref="Errors.ConnectorException"/>.</summary>
    /// <returns>A task that completes when the test passed.</returns>
    [Test]
    public Task UnreachableBackendThrowsTransientConnectorException() => CallSystemSinkScenarios.UnreachableBackendThrowsTransientConnectorExceptionAsync(Harness, TestCancellationToken);

    /// <summary>A push with refused credentials throws a permanent <c>AUTHENTICATION_FAILED</c> <see cref="Errors.ConnectorException"/>.</summary>
    /// <returns>A task that completes when the test passed.</returns>
    [Test]
    public Task RejectedCredentialsThrowAuthenticationFailed() => CallSystemSinkScenarios.RejectedCredentialsThrowAuthenticationFailedAsync(Harness, TestCancellationToken);

    /// <summary>A push with a cancelled token throws <see cref="OperationCanceledException"/> and pushes nothing.</summary>
    /// <returns>A task that completes when the test passed.</returns>
    [Test]
    public Task CancelledPushThrowsOperationCanceledExceptionAndPushesNothing() => CallSystemSinkScenarios.CancelledPushThrowsOperationCanceledExceptionAndPushesNothingAsync(Harness, TestCancellationToken);
}
