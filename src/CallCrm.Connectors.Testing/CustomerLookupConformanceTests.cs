using System;
using System.Threading.Tasks;
using CallCrm.Connectors.Model;
using CallCrm.Connectors.Providers;
using NUnit.Framework;

namespace CallCrm.Connectors.Testing;

/// <summary>The conformance tests of an <see cref="ICustomerLookup"/>: derive this fixture in the provider's test project and
/// implement <see cref="ConformanceTests{THarness}.CreateHarnessAsync"/> with a <see cref="CustomerLookupHarness"/>.</summary>
/// <remarks>Each test runs one scenario of <see cref="CustomerLookupScenarios"/> against a fresh backend.</remarks>
public abstract class CustomerLookupConformanceTests : ConformanceTests<CustomerLookupHarness>
{
    /// <summary>The lookup declares a name.</summary>
    /// <returns>A task that completes when the test passed.</returns>
    [Test]
    public Task DeclaresAName() => CustomerLookupScenarios.DeclaresANameAsync(Harness, TestCancellationToken);

    /// <summary>Looking up any of a customer's numbers finds that customer alone.</summary>
    /// <returns>A task that completes when the test passed.</returns>
    [Test]
    public Task AnyNumberOfACustomerFindsThatCustomer() => CustomerLookupScenarios.AnyNumberOfACustomerFindsThatCustomerAsync(Harness, TestCancellationToken);

    /// <summary>Looking up a number no customer has finds nobody: a new caller, not an error.</summary>
    /// <returns>A task that completes when the test passed.</returns>
    [Test]
    public Task AnUnknownNumberIsANewCaller() => CustomerLookupScenarios.AnUnknownNumberIsANewCallerAsync(Harness, TestCancellationToken);

    /// <summary>Looking up a number several customers share finds each of them once.</summary>
    /// <returns>A task that completes when the test passed.</returns>
    [Test]
    public Task ASharedNumberFindsEveryCustomerOnIt() => CustomerLookupScenarios.ASharedNumberFindsEveryCustomerOnItAsync(Harness, TestCancellationToken);

    /// <summary>Looking up a shared number returns at most <see cref="CustomerLookupRequest.MaxCandidates"/> distinct customers.</summary>
    /// <returns>A task that completes when the test passed.</returns>
    [Test]
    public Task ASharedNumberReturnsAtMostMaxCandidates() => CustomerLookupScenarios.ASharedNumberReturnsAtMostMaxCandidatesAsync(Harness, TestCancellationToken);

    /// <summary>A lookup against a backend answering 5xx throws a transient <c>SERVICE_UNAVAILABLE</c> <see cref="Errors.ConnectorException"/>.</summary>
    /// <returns>A task that completes when the test passed.</returns>
    [Test]
    public Task ServiceUnavailableThrowsTransientConnectorException() => CustomerLookupScenarios.ServiceUnavailableThrowsTransientConnectorExceptionAsync(Harness, TestCancellationToken);

    /// <summary>A lookup against an unreachable backend throws a transient <see cref="Errors.ConnectorException"/>, not "new caller".</summary>
    /// <returns>A task that completes when the test passed.</returns>
    [Test]
    public Task UnreachableBackendThrowsTransientConnectorException() => CustomerLookupScenarios.UnreachableBackendThrowsTransientConnectorExceptionAsync(Harness, TestCancellationToken);

    /// <summary>A lookup with refused credentials throws a permanent <c>AUTHENTICATION_FAILED</c> <see cref="Errors.ConnectorException"/>.</summary>
    /// <returns>A task that completes when the test passed.</returns>
    [Test]
    public Task RejectedCredentialsThrowAuthenticationFailed() => CustomerLookupScenarios.RejectedCredentialsThrowAuthenticationFailedAsync(Harness, TestCancellationToken);

    /// <summary>A lookup with a cancelled token throws <see cref="OperationCanceledException"/>.</summary>
    /// <returns>A task that completes when the test passed.</returns>
    [Test]
    public Task CancelledLookupThrowsOperationCanceledException() => CustomerLookupScenarios.CancelledLookupThrowsOperationCanceledExceptionAsync(Harness, TestCancellationToken);
}
