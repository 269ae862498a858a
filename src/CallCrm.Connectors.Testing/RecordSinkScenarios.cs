using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CallCrm.Connectors.Model;
using CallCrm.Connectors.Providers;
using FluentAssertions;

namespace CallCrm.Connectors.Testing;

/// <summary>The conformance scenarios of an <see cref="IRecordSink{TRecord}"/> of any record kind, callable from any test
/// framework.</summary>
/// <remarks><see cref="RecordSinkConformanceTests{TRecord}"/> runs each of them as an NUnit test. The kit sends batches of at
/// most <see cref="SinkCapabilities.MaxBatchSize"/> records, as the engine does, except in the scenario about larger batches.</remarks>
public static partial class RecordSinkScenarios
{
    private const int RecordsPerScenario = 5;

    /// <summary>The sink declares a name and valid capabilities.</summary>
    /// <typeparam name="TRecord">The record kind.</typeparam>
    /// <param name="harness">The harness.</param>
    /// <param name="cancellationToken">Cancels the scenario.</param>
    /// <returns>A task that completes when the scenario passed.</returns>
    public static async Task DeclaresANameAndValidCapabilitiesAsync<TRecord>(RecordSinkHarness<TRecord> harness, CancellationToken cancellationToken = default)
        where TRecord : ISyncRecord
    {
        ArgumentNullException.ThrowIfNull(harness);
        var provider = await harness.CreateSinkAsync(cancellationToken).ConfigureAwait(false);
        provider.ShouldDeclareName();
        provider.Capabilities.ShouldDeclareValidCapabilities();
    }

    /// <summary>Writing records returns one <see cref="RecordOutcomeKind.Written"/> outcome per record, in batch order,
    /// and the target then holds each record once.</summary>
    /// <typeparam name="TRecord">The record kind.</typeparam>
    /// <param name="harness">The harness.</param>
    /// <param name="cancellationToken">Cancels the scenario.</param>
    /// <returns>A task that completes when the scenario passed.</returns>
    public static async Task WritingABatchReturnsOneWrittenOutcomePerRecordInOrderAsync<TRecord>(RecordSinkHarness<TRecord> harness, CancellationToken cancellationToken = default)
        where TRecord : ISyncRecord
    {
        ArgumentNullException.ThrowIfNull(harness);
        var sink = await harness.CreateSinkAsync(cancellationToken).ConfigureAwait(false);
        var records = harness.CreateRecords(RecordsPerScenario);

        var outcomes = await SinkChecks.WriteInBatchesAsync(sink, records, cancellationToken).ConfigureAwait(false);

        outcomes.Should().OnlyContain(o => o.Kind == RecordOutcomeKind.Written, "new valid records are written");
        await ShouldHoldOnceAsync(harness, records, "after a first write", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writing the same records again (a replay after a crash or a lost answer) is not a failure; a sink declaring
    /// <see cref="SinkCapabilities.SupportsUpsertByExternalId"/> creates no duplicate, and no sink claims
    /// <see cref="RecordOutcomeKind.Unchanged"/> for a record the target now holds twice.</summary>
    /// <typeparam name="TRecord">The record kind.</typeparam>
    /// <param name="harness">The harness.</param>
    /// <param name="cancellationToken">Cancels the scenario.</param>
    /// <returns>A task that completes when the scenario passed.</returns>
    public static async Task ReplayingABatchCreatesNoDuplicatesAsync<TRecord>(RecordSinkHarness<TRecord> harness, CancellationToken cancellationToken = default)
        where TRecord : ISyncRecord
    {
        ArgumentNullException.ThrowIfNull(harness);
        var sink = await harness.CreateSinkAsync(cancellationToken).ConfigureAwait(false);
        var records = harness.CreateRecords(RecordsPerScenario);
        (await SinkChecks.WriteInBatchesAsync(sink, records, cancellationToken).ConfigureAwait(false))
            .Should().OnlyContain(o => o.Kind == RecordOutcomeKind.Written, "new valid records are written");

        var replay = await SinkChecks.WriteInBatchesAsync(sink, records, cancellationToken).ConfigureAwait(false);

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
                count.Should().Be(1, "a sink claims Unchanged for record {0} only when the target holds it exactly once", outcome.Key);
            }
        }

        if (sink.Capabilities.SupportsUpsertByExternalId)
        {
            await ShouldHoldOnceAsync(harness, records, "after a replay", cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Writing a newer version of a record (a call that has since ended, a customer's next tag set) is reported
    /// <see cref="RecordOutcomeKind.Written"/>, and a sink declaring <see cref="SinkCapabilities.SupportsUpsertByExternalId"/>
    /// updates the record in place instead of adding one.</summary>
    /// <typeparam name="TRecord">The record kind.</typeparam>
    /// <param name="harness">The harness.</param>
    /// <param name="cancellationToken">Cancels the scenario.</param>
    /// <returns>A task that completes when the scenario passed.</returns>
    public static async Task WritingAChangedRecordUpdatesItInPlaceAsync<TRecord>(RecordSinkHarness<TRecord> harness, CancellationToken cancellationToken = default)
        where TRecord : ISyncRecord
    {
        ArgumentNullException.ThrowIfNull(harness);
        var sink = await harness.CreateSinkAsync(cancellationToken).ConfigureAwait(false);
        var original = harness.CreateRecords(1)[0];
        var changed = harness.Changed(original);
        (await SinkChecks.WriteInBatchesAsync(sink, [original], cancellationToken).ConfigureAwait(false))
            .Should().OnlyContain(o => o.Kind == RecordOutcomeKind.Written, "a new record is written");

        var second = await SinkChecks.WriteInBatchesAsync(sink, [changed], cancellationToken).ConfigureAwait(false);

        second.Should().OnlyContain(o => o.Kind == RecordOutcomeKind.Written, "the newer version differs from what the target holds, so it is written, never reported Unchanged");
        if (sink.Capabilities.SupportsUpsertByExternalId)
        {
            await ShouldHoldOnceAsync(harness, [changed], "after a newer version: a sink declaring SupportsUpsertByExternalId updates the record it wrote before", cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>A write to a target answering 5xx fails transiently (a transient exception or transient outcomes), and the
    /// same sink writes the records once the target is back.</summary>
    /// <typeparam name="TRecord">The record kind.</typeparam>
    /// <param name="harness">The harness.</param>
    /// <param name="cancellationToken">Cancels the scenario.</param>
    /// <returns>A task that completes when the scenario passed.</returns>
    public static async Task ServiceUnavailableFailsTransientlyAndRecoversAsync<TRecord>(RecordSinkHarness<TRecord> harness, CancellationToken cancellationToken = default)
        where TRecord : ISyncRecord
    {
        ArgumentNullException.ThrowIfNull(harness);
        await harness.SetFaultAsync(BackendFault.ServiceUnavailable, cancellationToken).ConfigureAwait(false);
        var sink = await harness.CreateSinkAsync(cancellationToken).ConfigureAwait(false);
        var records = harness.CreateRecords(Math.Min(RecordsPerScenario, sink.Capabilities.MaxBatchSize));

        await SinkChecks.ShouldFailTransientlyAsync(
            async () => await sink.WriteAsync(records, cancellationToken).ConfigureAwait(false),
            records.Select(r => r.Key).ToList()).ConfigureAwait(false);

        await harness.SetFaultAsync(BackendFault.None, cancellationToken).ConfigureAwait(false);
        (await SinkChecks.WriteInBatchesAsync(sink, records, cancellationToken).ConfigureAwait(false)).ShouldAllBeWrittenOrUnchanged("the target is back");
        await ShouldHoldOnceAsync(harness, records, "after the target came back", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A write to an unreachable target throws a transient <see cref="Errors.ConnectorException"/>.</summary>
    /// <typeparam name="TRecord">The record kind.</typeparam>
    /// <param name="harness">The harness.</param>
    /// <param name="cancellationToken">Cancels the scenario.</param>
    /// <returns>A task that completes when the scenario passed.</returns>
    public static Task UnreachableBackendThrowsTransientConnectorExceptionAsync<TRecord>(RecordSinkHarness<TRecord> harness, CancellationToken cancellationToken = default)
        where TRecord : ISyncRecord =>
        ThrowsForFaultAsync(harness, BackendFault.Unreachable, cancellationToken);

    /// <summary>A write with refused credentials throws a permanent <c>AUTHENTICATION_FAILED</c> <see cref="Errors.ConnectorException"/>.</summary>
    /// <typeparam name="TRecord">The record kind.</typeparam>
    /// <param name="harness">The harness.</param>
    /// <param name="cancellationToken">Cancels the scenario.</param>
    /// <returns>A task that completes when the scenario passed.</returns>
    public static Task RejectedCredentialsThrowAuthenticationFailedAsync<TRecord>(RecordSinkHarness<TRecord> harness, CancellationToken cancellationToken = default)
        where TRecord : ISyncRecord =>
        ThrowsForFaultAsync(harness, BackendFault.CredentialsRejected, cancellationToken);

    /// <summary>A write with a cancelled token throws <see cref="OperationCanceledException"/> and writes nothing.</summary>
    /// <typeparam name="TRecord">The record kind.</typeparam>
    /// <param name="harness">The harness.</param>
    /// <param name="cancellationToken">Cancels the scenario.</param>
    /// <returns>A task that completes when the scenario passed.</returns>
    public static async Task CancelledWriteThrowsOperationCanceledExceptionAndWritesNothingAsync<TRecord>(RecordSinkHarness<TRecord> harness, CancellationToken cancellationToken = default)
        where TRecord : ISyncRecord
    {
        ArgumentNullException.ThrowIfNull(harness);
        var sink = await harness.CreateSinkAsync(cancellationToken).ConfigureAwait(false);
        var records = harness.CreateRecords(Math.Min(RecordsPerScenario, sink.Capabilities.MaxBatchSize));

        await SinkChecks.ShouldBeCancelledAsync(async token => await sink.WriteAsync(records, token).ConfigureAwait(false), "a write").ConfigureAwait(false);

        await ShouldHoldNoneAsync(harness, records, "a cancelled write", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A batch larger than <see cref="SinkCapabilities.MaxBatchSize"/> is rejected with an
    /// <see cref="ArgumentException"/> (writing nothing) or written whole, as <see cref="RecordSinkHarness{TRecord}.OversizedBatches"/> declares.</summary>
    /// <typeparam name="TRecord">The record kind.</typeparam>
    /// <param name="harness">The harness.</param>
    /// <param name="cancellationToken">Cancels the scenario.</param>
    /// <returns>A task that completes when the scenario passed.</returns>
    public static async Task ABatchLargerThanMaxBatchSizeIsHandledAsDeclaredAsync<TRecord>(RecordSinkHarness<TRecord> harness, CancellationToken cancellationToken = default)
        where TRecord : ISyncRecord
    {
        ArgumentNullException.ThrowIfNull(harness);
        var sink = await harness.CreateSinkAsync(cancellationToken).ConfigureAwait(false);
        sink.Capabilities.MaxBatchSize.Should().BeInRange(1, ProviderChecks.LargestSensibleBatch, "the declared batch limit is a vendor's limit");
        var records = harness.CreateRecords(sink.Capabilities.MaxBatchSize + 1);
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
    /// <typeparam name="TRecord">The record kind.</typeparam>
    /// <param name="harness">The harness.</param>
    /// <param name="cancellationToken">Cancels the scenario.</param>
    /// <returns>A task that completes when the scenario passed.</returns>
    public static async Task AnEmptyBatchReturnsNoOutcomesAsync<TRecord>(RecordSinkHarness<TRecord> harness, CancellationToken cancellationToken = default)
        where TRecord : ISyncRecord
    {
        ArgumentNullException.ThrowIfNull(harness);
        var sink = await harness.CreateSinkAsync(cancellationToken).ConfigureAwait(false);

        var outcomes = await sink.WriteAsync([], cancellationToken).ConfigureAwait(false);

        outcomes.Should().BeEmpty("an empty batch has no record to report on");
    }

    private static async Task ThrowsForFaultAsync<TRecord>(RecordSinkHarness<TRecord> harness, BackendFault fault, CancellationToken cancellationToken)
        where TRecord : ISyncRecord
    {
        ArgumentNullException.ThrowIfNull(harness);
        await harness.SetFaultAsync(fault, cancellationToken).ConfigureAwait(false);
        var sink = await harness.CreateSinkAsync(cancellationToken).ConfigureAwait(false);
        var records = harness.CreateRecords(Math.Min(RecordsPerScenario, sink.Capabilities.MaxBatchSize));

        Func<Task> write = async () => await sink.WriteAsync(records, cancellationToken).ConfigureAwait(false);

        await write.ShouldThrowForAsync(fault, "a write").ConfigureAwait(false);
    }

    private static async Task ShouldHoldOnceAsync<TRecord>(RecordSinkHarness<TRecord> harness, IEnumerable<TRecord> records, string when, CancellationToken cancellationToken)
        where TRecord : ISyncRecord
    {
        foreach (var record in records)
        {
            (await harness.CountAsync(record.Key, cancellationToken).ConfigureAwait(false)).Should().Be(1, "the target holds record {0} exactly once {1}", record.Key, when);
            (await harness.HoldsAsync(record, cancellationToken).ConfigureAwait(false)).Should().BeTrue("the target holds record {0} as written {1}", record.Key, when);
        }
    }

    private static async Task ShouldHoldNoneAsync<TRecord>(RecordSinkHarness<TRecord> harness, IEnumerable<TRecord> records, string after, CancellationToken cancellationToken)
        where TRecord : ISyncRecord
    {
        foreach (var record in records)
        {
            (await harness.CountAsync(record.Key, cancellationToken).ConfigureAwait(false)).Should().Be(0, "{0} writes nothing, yet the target holds record {1}", after, record.Key);
        }
    }
}
