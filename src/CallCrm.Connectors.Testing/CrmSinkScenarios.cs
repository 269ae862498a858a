using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CallCrm.Connectors.Model;
using CallCrm.Connectors.Providers;
using FluentAssertions;

namespace CallCrm.Connectors.Testing;

/// <summary>The conformance scenarios of an <see cref="ICrmSink"/>, callable from any test framework.</summary>
/// <remarks><see cref="CrmSinkConformanceTests"/> runs each of them as an NUnit test. The kit sends batches of at most
/// <see cref="SinkCapabilities.MaxBatchSize"/> records, as the engine does, except in the scenario about larger batches.</remarks>
public static class CrmSinkScenarios
{
    private const int RecordsPerScenario = 5;

    /// <summary>The sink declares a name and valid capabilities.</summary>
    /// <param name="harness">The harness.</param>
    /// <param name="cancellationToken">Cancels the scenario.</param>
    /// <returns>A task that completes when the scenario passed.</returns>
    public static async Task DeclaresANameAndValidCapabilitiesAsync(CrmSinkHarness harness, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(harness);
        var provider = await harness.CreateSinkAsync(cancellationToken).ConfigureAwait(false);
        provider.ShouldDeclareName();
        provider.Capabilities.ShouldDeclareValidCapabilities();
    }

    /// <summary>Writing records returns one <see cref="RecordOutcomeKind.Written"/> outcome per record, in batch order,
    /// and the CRM then holds each record once.</summary>
    /// <param name="harness">The harness.</param>
    /// <param name="cancellationToken">Cancels the scenario.</param>
    /// <returns>A task that completes when the scenario passed.</returns>
    public static async Task WritingABatchReturnsOneWrittenOutcomePerRecordInOrderAsync(CrmSinkHarness harness, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(harness);
        var sink = await harness.CreateSinkAsync(cancellationToken).ConfigureAwait(false);
        var records = ConformanceData.CallsToWrite(RecordsPerScenario);

        var outcomes = await WriteAsync(sink, records, cancellationToken).ConfigureAwait(false);

        outcomes.Should().OnlyContain(o => o.Kind == RecordOutcomeKind.Written, "new valid records are written");
        await ShouldHoldOnceAsync(harness, records, "after a first write", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writing the same records again (a replay after a crash or a lost answer) is not a failure; a sink declaring
    /// <see cref="SinkCapabilities.SupportsUpsertByExternalId"/> creates no duplicate, and no sink claims
    /// <see cref="RecordOutcomeKind.Unchanged"/> for a record the CRM now holds twice.</summary>
    /// <param name="harness">The harness.</param>
    /// <param name="cancellationToken">Cancels the scenario.</param>
    /// <returns>A task that completes when the scenario passed.</returns>
    public static async Task ReplayingABatchCreatesNoDuplicatesAsync(CrmSinkHarness harness, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(harness);
        var sink = await harness.CreateSinkAsync(cancellationToken).ConfigureAwait(false);
        var records = ConformanceData.CallsToWrite(RecordsPerScenario);
        (await WriteAsync(sink, records, cancellationToken).ConfigureAwait(false))
            .Should().OnlyContain(o => o.Kind == RecordOutcomeKind.Written, "new valid records are written");

        var replay = await WriteAsync(sink, records, cancellationToken).ConfigureAwait(false);

        replay.ShouldAllBeWrittenOrUnchanged("a replayed record is not a failure");
        foreach (var outcome in replay)
        {
            var count = await harness.CountAsync(outcome.Key, cancellationToken).ConfigureAwait(false);
            if (sink.Capabilities.SupportsUpsertByExternalId)
            {
                count.Should().Be(1, "a sink declaring SupportsUpsertByExternalId writes by key, so replaying record {0} creates no duplicate", outcome.Key);
            }

            if (outcome.Kind == RecordOutcomeKind.Unchanged)
            {
                count.Should().Be(1, "a sink claims Unchanged for record {0} only when the CRM holds it exactly once", outcome.Key);
            }
        }
    }

    /// <summary>Writing a record again after it changed (a call that has since ended) is reported
    /// <see cref="RecordOutcomeKind.Written"/>, and a sink declaring <see cref="SinkCapabilities.SupportsUpsertByExternalId"/>
    /// updates the record instead of adding one.</summary>
    /// <param name="harness">The harness.</param>
    /// <param name="cancellationToken">Cancels the scenario.</param>
    /// <returns>A task that completes when the scenario passed.</returns>
    public static async Task WritingAChangedRecordUpdatesItInPlaceAsync(CrmSinkHarness harness, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(harness);
        var sink = await harness.CreateSinkAsync(cancellationToken).ConfigureAwait(false);
        var template = ConformanceData.CallsToWrite(1)[0];
        var ongoing = ConformanceData.Call(0, template.StartedAt, ongoing: true);
        (await WriteAsync(sink, [ongoing], cancellationToken).ConfigureAwait(false))
            .Should().OnlyContain(o => o.Kind == RecordOutcomeKind.Written, "a call in progress is written");

        var second = await WriteAsync(sink, [template], cancellationToken).ConfigureAwait(false);

        second.Should().OnlyContain(o => o.Kind == RecordOutcomeKind.Written, "the ended call differs from what the CRM holds, so it is written, never reported Unchanged");
        if (sink.Capabilities.SupportsUpsertByExternalId)
        {
            (await harness.CountAsync(template.Key, cancellationToken).ConfigureAwait(false))
                .Should().Be(1, "a sink declaring SupportsUpsertByExternalId updates the call it wrote while it was in progress");
        }
    }

    /// <summary>A batch with one record the CRM refuses returns <see cref="RecordOutcomeKind.PermanentFailure"/> for that record
    /// (with an error code and a message for people) and <see cref="RecordOutcomeKind.Written"/> for the others.</summary>
    /// <param name="harness">The harness.</param>
    /// <param name="cancellationToken">Cancels the scenario.</param>
    /// <returns>A task that completes when the scenario passed.</returns>
    public static async Task ABatchWithOneRejectedRecordFailsOnlyThatRecordAsync(CrmSinkHarness harness, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(harness);
        const int Rejected = 2;
        var records = ConformanceData.CallsToWrite(RecordsPerScenario).ToArray();
        var rejected = await harness.PrepareRejectedRecordAsync(records[Rejected], cancellationToken).ConfigureAwait(false);
        rejected.Key.Should().Be(records[Rejected].Key, "the harness keeps the key of the record it makes the CRM refuse");
        records[Rejected] = rejected;
        var sink = await harness.CreateSinkAsync(cancellationToken).ConfigureAwait(false);

        var write = () => WriteAsync(sink, records, cancellationToken);

        var outcomes = (await write.Should().NotThrowAsync(
            "one refused record fails alone: the sink returns an outcome per record instead of throwing for the whole batch").ConfigureAwait(false)).Subject;
        outcomes[Rejected].ShouldBePermanentFailure("a record");
        (await harness.CountAsync(rejected.Key, cancellationToken).ConfigureAwait(false)).Should().Be(0, "the CRM refused the record");
        var others = records.Where((_, i) => i != Rejected).ToList();
        outcomes.Where((_, i) => i != Rejected).Should().OnlyContain(o => o.Kind == RecordOutcomeKind.Written, "one bad record does not fail the others");
        await ShouldHoldOnceAsync(harness, others, "after a batch with one refused record", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A write to a CRM answering 5xx fails transiently (a transient exception or transient outcomes), and the same
    /// sink writes the records once the CRM is back.</summary>
    /// <param name="harness">The harness.</param>
    /// <param name="cancellationToken">Cancels the scenario.</param>
    /// <returns>A task that completes when the scenario passed.</returns>
    public static async Task ServiceUnavailableFailsTransientlyAndRecoversAsync(CrmSinkHarness harness, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(harness);
        await harness.SetFaultAsync(BackendFault.ServiceUnavailable, cancellationToken).ConfigureAwait(false);
        var sink = await harness.CreateSinkAsync(cancellationToken).ConfigureAwait(false);
        var records = ConformanceData.CallsToWrite(Math.Min(RecordsPerScenario, sink.Capabilities.MaxBatchSize));

        await SinkChecks.ShouldFailTransientlyAsync(
            async () => await sink.WriteAsync(records, cancellationToken).ConfigureAwait(false),
            records.Select(r => r.Key).ToList()).ConfigureAwait(false);

        await harness.SetFaultAsync(BackendFault.None, cancellationToken).ConfigureAwait(false);
        (await WriteAsync(sink, records, cancellationToken).ConfigureAwait(false)).ShouldAllBeWrittenOrUnchanged("the CRM is back");
        await ShouldHoldOnceAsync(harness, records, "after the CRM came back", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A write to an unreachable CRM throws a transient <see cref="Errors.ConnectorException"/>.</summary>
    /// <param name="harness">The harness.</param>
    /// <param name="cancellationToken">Cancels the scenario.</param>
    /// <returns>A task that completes when the scenario passed.</returns>
    public static Task UnreachableBackendThrowsTransientConnectorExceptionAsync(CrmSinkHarness harness, CancellationToken cancellationToken = default) =>
        ThrowsForFaultAsync(harness, BackendFault.Unreachable, cancellationToken);

    /// <summary>A write with refused credentials throws a permanent <c>AUTHENTICATION_FAILED</c> <see cref="Errors.ConnectorException"/>.</summary>
    /// <param name="harness">The harness.</param>
    /// <param name="cancellationToken">Cancels the scenario.</param>
    /// <returns>A task that completes when the scenario passed.</returns>
    public static Task RejectedCredentialsThrowAuthenticationFailedAsync(CrmSinkHarness harness, CancellationToken cancellationToken = default) =>
        ThrowsForFaultAsync(harness, BackendFault.CredentialsRejected, cancellationToken);

    /// <summary>A write with a cancelled token throws <see cref="OperationCanceledException"/> and writes nothing.</summary>
    /// <param name="harness">The harness.</param>
    /// <param name="cancellationToken">Cancels the scenario.</param>
    /// <returns>A task that completes when the scenario passed.</returns>
    public static async Task CancelledWriteThrowsOperationCanceledExceptionAndWritesNothingAsync(CrmSinkHarness harness, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(harness);
        var sink = await harness.CreateSinkAsync(cancellationToken).ConfigureAwait(false);
        var records = ConformanceData.CallsToWrite(Math.Min(RecordsPerScenario, sink.Capabilities.MaxBatchSize));

        await SinkChecks.ShouldBeCancelledAsync(async token => await sink.WriteAsync(records, token).ConfigureAwait(false), "a write").ConfigureAwait(false);

        await ShouldHoldNoneAsync(harness, records, "a cancelled write", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A batch larger than <see cref="SinkCapabilities.MaxBatchSize"/> is rejected with an
    /// <see cref="ArgumentException"/> (writing nothing) or written whole, as <see cref="CrmSinkHarness.OversizedBatches"/> declares.</summary>
    /// <param name="harness">The harness.</param>
    /// <param name="cancellationToken">Cancels the scenario.</param>
    /// <returns>A task that completes when the scenario passed.</returns>
    public static async Task ABatchLargerThanMaxBatchSizeIsHandledAsDeclaredAsync(CrmSinkHarness harness, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(harness);
        var sink = await harness.CreateSinkAsync(cancellationToken).ConfigureAwait(false);
        sink.Capabilities.MaxBatchSize.Should().BeInRange(1, ProviderChecks.LargestSensibleBatch, "the declared batch limit is a vendor's limit");
        var records = ConformanceData.CallsToWrite(sink.Capabilities.MaxBatchSize + 1);
        var write = async () => await sink.WriteAsync(records, cancellationToken).ConfigureAwait(false);

        if (harness.OversizedBatches == OversizedBatchHandling.Rejects)
        {
            await write.Should().ThrowAsync<ArgumentException>("the sink declares that it rejects batches over MaxBatchSize").ConfigureAwait(false);
            await ShouldHoldNoneAsync(harness, records, "a rejected oversized batch", cancellationToken).ConfigureAwait(false);
            return;
        }

        var outcomes = (await write.Should().NotThrowAsync("the sink declares that it writes batches over MaxBatchSize").ConfigureAwait(false)).Subject;
        outcomes.Select(o => o.Key).Should().Equal(records.Select(r => r.Key), "the sink declares that it writes batches over MaxBatchSize, with one outcome per record in order");
        outcomes.Should().OnlyContain(o => o.Kind == RecordOutcomeKind.Written, "new valid records are written");
        await ShouldHoldOnceAsync(harness, records, "after an oversized batch", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>An empty batch returns no outcomes.</summary>
    /// <param name="harness">The harness.</param>
    /// <param name="cancellationToken">Cancels the scenario.</param>
    /// <returns>A task that completes when the scenario passed.</returns>
    public static async Task AnEmptyBatchReturnsNoOutcomesAsync(CrmSinkHarness harness, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(harness);
        var sink = await harness.CreateSinkAsync(cancellationToken).ConfigureAwait(false);

        var outcomes = await sink.WriteAsync([], cancellationToken).ConfigureAwait(false);

        outcomes.Should().BeEmpty("an empty batch has no record to report on");
    }

    private static async Task ThrowsForFaultAsync(CrmSinkHarness harness, BackendFault fault, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(harness);
        await harness.SetFaultAsync(fault, cancellationToken).ConfigureAwait(false);
        var sink = await harness.CreateSinkAsync(cancellationToken).ConfigureAwait(false);
        var records = ConformanceData.CallsToWrite(Math.Min(RecordsPerScenario, sink.Capabilities.MaxBatchSize));

        Func<Task> write = async () => await sink.WriteAsync(records, cancellationToken).ConfigureAwait(false);

        await write.ShouldThrowForAsync(fault, "a write").ConfigureAwait(false);
    }

    private static Task<List<RecordOutcome>> WriteAsync(ICrmSink sink, IReadOnlyList<CallRecord> records, CancellationToken cancellationToken) =>
        SinkChecks.WriteInBatchesAsync(sink, records, cancellationToken);

    private static async Task ShouldHoldOnceAsync(CrmSinkHarness harness, IEnumerable<CallRecord> records, string when, CancellationToken cancellationToken)
    {
        foreach (var record in records)
        {
            (await harness.CountAsync(record.Key, cancellationToken).ConfigureAwait(false)).Should().Be(1, "the CRM holds record {0} exactly once {1}", record.Key, when);
        }
    }

    private static async Task ShouldHoldNoneAsync(CrmSinkHarness harness, IEnumerable<CallRecord> records, string after, CancellationToken cancellationToken)
    {
        foreach (var record in records)
        {
            (await harness.CountAsync(record.Key, cancellationToken).ConfigureAwait(false)).Should().Be(0, "{0} writes nothing, yet the CRM holds record {1}", after, record.Key);
        }
    }
}
