using System;
using System.Threading.Tasks;
using CallCrm.Connectors.Providers;
using NUnit.Framework;

namespace CallCrm.Connectors.Testing;

/// <summary>The conformance tests of an <see cref="ICrmSink"/>: derive this fixture in the provider's test project and
/// implement <see cref="ConformanceTests{THarness}.CreateHarnessAsync"/> with a <see cref="CrmSinkHarness"/>.</summary>
/// <remarks>Each test runs one scenario of <see cref="CrmSinkScenarios"/> against a fresh backend.</remarks>
public abstract class CrmSinkConformanceTests : ConformanceTests<CrmSinkHarness>
{
    /// <summary>The sink declares a name and valid capabilities.</summary>
    /// <returns>A task that completes when the test passed.</returns>
    [Test]
    public Task DeclaresANameAndValidCapabilities() => CrmSinkScenarios.DeclaresANameAndValidCapabilitiesAsync(Harness, TestCancellationToken);

    /// <summary>Writing records returns one <see cref="RecordOutcomeKind.Written"/> outcome per record, in batch order, and the CRM then holds each record once.</summary>
    /// <returns>A task that completes when the test passed.</returns>
    [Test]
    public Task WritingABatchReturnsOneWrittenOutcomePerRecordInOrder() => CrmSinkScenarios.WritingABatchReturnsOneWrittenOutcomePerRecordInOrderAsync(Harness, TestCancellationToken);

    /// <summary>Writing the same records again (a replay after a crash or a lost answer) is not a failure; a sink declaring <see cref="SinkCapabilities.SupportsUpsertByExternalId"/> creates no duplicate, and no sink claims <see cref="RecordOutcomeKind.Unchanged"/> for a record the CRM now holds twice.</summary>
    /// <returns>A task that completes when the test passed.</returns>
    [Test]
    public Task ReplayingABatchCreatesNoDuplicates() => CrmSinkScenarios.ReplayingABatchCreatesNoDuplicatesAsync(Harness, TestCancellationToken);

    /// <summary>Writing a record again after it changed (a call that has since ended) is reported <see cref="RecordOutcomeKind.Written"/>, and a sink declaring <see cref="SinkCapabilities.SupportsUpsertByExternalId"/> updates the record instead of adding one.</summary>
    /// <returns>A task that completes when the test passed.</returns>
    [Test]
    public Task WritingAChangedRecordUpdatesItInPlace() => CrmSinkScenarios.WritingAChangedRecordUpdatesItInPlaceAsync(Harness, TestCancellationToken);

    /// <summary>A batch with one record the CRM refuses returns <see cref="RecordOutcomeKind.PermanentFailure"/> for that record (with an error code and a message for people) and <see cref="RecordOutcomeKind.Written"/> for the others.</summary>
    /// <returns>A task that completes when the test passed.</returns>
    [Test]
    public Task ABatchWithOneRejectedRecordFailsOnlyThatRecord() => CrmSinkScenarios.ABatchWithOneRejectedRecordFailsOnlyThatRecordAsync(Harness, TestCancellationToken);

    /// <summary>A write to a CRM answering 5xx fails transiently (a transient exception or transient outcomes), and the same sink writes the records once the CRM is back.</summary>
    /// <returns>A task that completes when the test passed.</returns>
    [Test]
    public Task ServiceUnavailableFailsTransientlyAndRecovers() => CrmSinkScenarios.ServiceUnavailableFailsTransientlyAndRecoversAsync(Harness, TestCancellationToken);

    /// <summary>A write to an unreachable CRM throws a transient <see cref="Errors.ConnectorException"/>.</summary>
    /// <returns>A task that completes when the test passed.</returns>
    [Test]
    public Task UnreachableBackendThrowsTransientConnectorException() => CrmSinkScenarios.UnreachableBackendThrowsTransientConnectorExceptionAsync(Harness, TestCancellationToken);

    /// <summary>A write with refused credentials throws a permanent <c>AUTHENTICATION_FAILED</c> <see cref="Errors.ConnectorException"/>.</summary>
    /// <returns>A task that completes when the test passed.</returns>
    [Test]
    public Task RejectedCredentialsThrowAuthenticationFailed() => CrmSinkScenarios.RejectedCredentialsThrowAuthenticationFailedAsync(Harness, TestCancellationToken);

    /// <summary>A write with a cancelled token throws <see cref="OperationCanceledException"/> and writes nothing.</summary>
    /// <returns>A task that completes when the test passed.</returns>
    [Test]
    public Task CancelledWriteThrowsOperationCanceledExceptionAndWritesNothing() => CrmSinkScenarios.CancelledWriteThrowsOperationCanceledExceptionAndWritesNothingAsync(Harness, TestCancellationToken);

    /// <summary>A batch larger than <see cref="SinkCapabilities.MaxBatchSize"/> is rejected with an <see cref="ArgumentException"/> (writing nothing) or written whole, as <see cref="CrmSinkHarness.OversizedBatches"/> declares.</summary>
    /// <returns>A task that completes when the test passed.</returns>
    [Test]
    public Task ABatchLargerThanMaxBatchSizeIsHandledAsDeclared() => CrmSinkScenarios.ABatchLargerThanMaxBatchSizeIsHandledAsDeclaredAsync(Harness, TestCancellationToken);

    /// <summary>An empty batch returns no outcomes.</summary>
    /// <returns>A task that completes when the test passed.</returns>
    [Test]
    public Task AnEmptyBatchReturnsNoOutcomes() => CrmSinkScenarios.AnEmptyBatchReturnsNoOutcomesAsync(Harness, TestCancellationToken);
}
