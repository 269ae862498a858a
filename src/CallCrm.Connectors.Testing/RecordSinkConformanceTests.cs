using System;
using System.Threading.Tasks;
using CallCrm.Connectors.Model;
using CallCrm.Connectors.Providers;
using NUnit.Framework;

namespace CallCrm.Connectors.Testing;

/// <summary>The conformance tests of an <see cref="IRecordSink{TRecord}"/> of any record kind: derive this fixture in the
/// provider's test project and implement <see cref="ConformanceTests{THarness}.CreateHarnessAsync"/> with a
/// <see cref="RecordSinkHarness{TRecord}"/>.</summary>
/// <typeparam name="TRecord">The record kind the sink writes.</typeparam>
/// <remarks>Each test runs one scenario of <see cref="RecordSinkScenarios"/> against a fresh backend. Derive
/// <see cref="CrmSinkConformanceTests"/> for a sink of calls and <see cref="CallSystemSinkConformanceTests"/> for a sink of
/// tag sets.</remarks>
public abstract class RecordSinkConformanceTests<TRecord> : ConformanceTests<RecordSinkHarness<TRecord>>
    where TRecord : ISyncRecord
{
    /// <summary>The sink declares a name and valid capabilities.</summary>
    /// <returns>A task that completes when the test passed.</returns>
    [Test]
    public Task DeclaresANameAndValidCapabilities() => RecordSinkScenarios.DeclaresANameAndValidCapabilitiesAsync(Harness, TestCancellationToken);

    /// <summary>Writing records returns one <see cref="RecordOutcomeKind.Written"/> outcome per record, in batch order, and the target then holds each record once.</summary>
    /// <returns>A task that completes when the test passed.</returns>
    [Test]
    public Task WritingABatchReturnsOneWrittenOutcomePerRecordInOrder() => RecordSinkScenarios.WritingABatchReturnsOneWrittenOutcomePerRecordInOrderAsync(Harness, TestCancellationToken);

    /// <summary>Writing the same records again (a replay after a crash or a lost answer) is not a failure; a sink declaring <see cref="SinkCapabilities.SupportsUpsertByExternalId"/> creates no duplicate, and no sink claims <see cref="RecordOutcomeKind.Unchanged"/> for a record the target now holds twice.</summary>
    /// <returns>A task that completes when the test passed.</returns>
    [Test]
    public Task ReplayingABatchCreatesNoDuplicates() => RecordSinkScenarios.ReplayingABatchCreatesNoDuplicatesAsync(Harness, TestCancellationToken);

    /// <summary>Writing a newer version of a record is reported <see cref="RecordOutcomeKind.Written"/>, and a sink declaring <see cref="SinkCapabilities.SupportsUpsertByExternalId"/> updates the record in place instead of adding one.</summary>
    /// <returns>A task that completes when the test passed.</returns>
    [Test]
    public Task WritingAChangedRecordUpdatesItInPlace() => RecordSinkScenarios.WritingAChangedRecordUpdatesItInPlaceAsync(Harness, TestCancellationToken);

    /// <summary>A batch with one record the target refuses fails that record alone: a <see cref="RecordOutcomeKind.PermanentFailure"/> outcome for it, or a permanent record-level <see cref="Errors.ConnectorException"/> for the batch (which the engine bisects) after which each record written on its own gets the same verdict.</summary>
    /// <returns>A task that completes when the test passed.</returns>
    [Test]
    public Task ABatchWithOneRejectedRecordFailsOnlyThatRecord() => RecordSinkScenarios.ABatchWithOneRejectedRecordFailsOnlyThatRecordAsync(Harness, TestCancellationToken);

    /// <summary>A write to a target answering 5xx fails transiently (a transient exception or transient outcomes), and the same sink writes the records once the target is back.</summary>
    /// <returns>A task that completes when the test passed.</returns>
    [Test]
    public Task ServiceUnavailableFailsTransientlyAndRecovers() => RecordSinkScenarios.ServiceUnavailableFailsTransientlyAndRecoversAsync(Harness, TestCancellationToken);

    /// <summary>A write to an unreachable target throws a transient <see cref="Errors.ConnectorException"/>.</summary>
    /// <returns>A task that completes when the test passed.</returns>
    [Test]
    public Task UnreachableBackendThrowsTransientConnectorException() => RecordSinkScenarios.UnreachableBackendThrowsTransientConnectorExceptionAsync(Harness, TestCancellationToken);

    /// <summary>A write with refused credentials throws a permanent <c>AUTHENTICATION_FAILED</c> <see cref="Errors.ConnectorException"/>.</summary>
    /// <returns>A task that completes when the test passed.</returns>
    [Test]
    public Task RejectedCredentialsThrowAuthenticationFailed() => RecordSinkScenarios.RejectedCredentialsThrowAuthenticationFailedAsync(Harness, TestCancellationToken);

    /// <summary>A write with a cancelled token throws <see cref="OperationCanceledException"/> and writes nothing.</summary>
    /// <returns>A task that completes when the test passed.</returns>
    [Test]
    public Task CancelledWriteThrowsOperationCanceledExceptionAndWritesNothing() => RecordSinkScenarios.CancelledWriteThrowsOperationCanceledExceptionAndWritesNothingAsync(Harness, TestCancellationToken);

    /// <summary>A batch larger than <see cref="SinkCapabilities.MaxBatchSize"/> is rejected with an <see cref="ArgumentException"/> (writing nothing) or written whole, as <see cref="RecordSinkHarness{TRecord}.OversizedBatches"/> declares.</summary>
    /// <returns>A task that completes when the test passed.</returns>
    [Test]
    public Task ABatchLargerThanMaxBatchSizeIsHandledAsDeclared() => RecordSinkScenarios.ABatchLargerThanMaxBatchSizeIsHandledAsDeclaredAsync(Harness, TestCancellationToken);

    /// <summary>An empty batch returns no outcomes.</summary>
    /// <returns>A task that completes when the test passed.</returns>
    [Test]
    public Task AnEmptyBatchReturnsNoOutcomes() => RecordSinkScenarios.AnEmptyBatchReturnsNoOutcomesAsync(Harness, TestCancellationToken);
}
