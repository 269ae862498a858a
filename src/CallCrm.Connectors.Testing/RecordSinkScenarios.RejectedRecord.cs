using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CallCrm.Connectors.Errors;
using CallCrm.Connectors.Model;
using CallCrm.Connectors.Providers;
using FluentAssertions;

namespace CallCrm.Connectors.Testing;

/// <content>The scenario of a batch with one record the target refuses.</content>
public static partial class RecordSinkScenarios
{
    /// <summary>A batch with one record the target refuses fails that record alone: either the sink returns
    /// <see cref="RecordOutcomeKind.PermanentFailure"/> for it (with an error code and a message for people) and
    /// <see cref="RecordOutcomeKind.Written"/> for the others, or, when the vendor refuses the batch as a unit, the sink throws
    /// a permanent record-level <see cref="ConnectorException"/> (which the engine bisects) having written none of the batch
    /// (or, with <see cref="SinkCapabilities.SupportsUpsertByExternalId"/>, only valid records); each record of that batch
    /// written on its own then gets the same verdict: the refused one fails, the others are written.</summary>
    /// <typeparam name="TRecord">The record kind.</typeparam>
    /// <param name="harness">The harness.</param>
    /// <param name="cancellationToken">Cancels the scenario.</param>
    /// <returns>A task that completes when the scenario passed.</returns>
    public static async Task ABatchWithOneRejectedRecordFailsOnlyThatRecordAsync<TRecord>(RecordSinkHarness<TRecord> harness, CancellationToken cancellationToken = default)
        where TRecord : ISyncRecord
    {
        ArgumentNullException.ThrowIfNull(harness);
        const int Rejected = 2;
        var records = harness.CreateRecords(RecordsPerScenario).ToArray();
        var rejected = await harness.PrepareRejectedRecordAsync(records[Rejected], cancellationToken).ConfigureAwait(false);
        rejected.Key.Should().Be(records[Rejected].Key, "the harness keeps the key of the record it makes the target refuse");
        records[Rejected] = rejected;
        var sink = await harness.CreateSinkAsync(cancellationToken).ConfigureAwait(false);

        foreach (var batch in records.Chunk(sink.Capabilities.MaxBatchSize))
        {
            var holdsRejected = batch.Any(r => r.Key == rejected.Key);
            var (outcomes, refused) = await WriteOrRefuseAsync(sink, batch, cancellationToken).ConfigureAwait(false);
            if (refused is null)
            {
                outcomes!.Select(o => o.Key).Should().Equal(batch.Select(r => r.Key), "a sink returns one outcome per record, in batch order, carrying the record's key");
                ShouldFailOnlyTheRejected(outcomes!, rejected.Key);
                continue;
            }

            holdsRejected.Should().BeTrue("a batch without a refused record is written, yet the sink threw {0}", refused.Error.Code);
            refused.Error.ShouldRefuseRecords("a batch");
            await ShouldHoldNothingOfRefusedBatchAsync(harness, sink, batch, rejected.Key, cancellationToken).ConfigureAwait(false);
            await ShouldGiveTheSameVerdictsOneByOneAsync(sink, batch, rejected.Key, cancellationToken).ConfigureAwait(false);
        }

        (await harness.CountAsync(rejected.Key, cancellationToken).ConfigureAwait(false)).Should().Be(0, "the target refused the record");
        await ShouldHoldOnceAsync(harness, records.Where((_, i) => i != Rejected), "after a batch with one refused record", cancellationToken).ConfigureAwait(false);
    }

    private static async Task<(IReadOnlyList<RecordOutcome>? Outcomes, ConnectorException? Refused)> WriteOrRefuseAsync<TRecord>(
        IRecordSink<TRecord> sink, IReadOnlyList<TRecord> batch, CancellationToken cancellationToken)
        where TRecord : ISyncRecord
    {
        try
        {
            var outcomes = await sink.WriteAsync(batch, cancellationToken).ConfigureAwait(false);
            outcomes.Should().NotBeNull("a sink returns outcomes, one per record");
            return (outcomes, null);
        }
        catch (ConnectorException ex)
        {
            return (null, ex);
        }
    }

    private static void ShouldFailOnlyTheRejected(IReadOnlyList<RecordOutcome> outcomes, string rejectedKey)
    {
        foreach (var outcome in outcomes)
        {
            if (outcome.Key == rejectedKey)
            {
                outcome.ShouldBePermanentFailure("a record");
            }
            else
            {
                outcome.Kind.Should().Be(RecordOutcomeKind.Written, "one bad record does not fail the others, such as {0}", outcome.Key);
            }
        }
    }

    private static async Task ShouldHoldNothingOfRefusedBatchAsync<TRecord>(
        RecordSinkHarness<TRecord> harness, IRecordSink<TRecord> sink, IReadOnlyList<TRecord> batch, string rejectedKey, CancellationToken cancellationToken)
        where TRecord : ISyncRecord
    {
        foreach (var record in batch)
        {
            var count = await harness.CountAsync(record.Key, cancellationToken).ConfigureAwait(false);
            if (record.Key == rejectedKey)
            {
                count.Should().Be(0, "the target refused record {0}", record.Key);
            }
            else if (sink.Capabilities.SupportsUpsertByExternalId)
            {
                count.Should().BeLessThanOrEqualTo(1, "a sink that throws for a refused batch writes none of it, or only its valid records once, yet the target holds record {0} {1} times", record.Key, count);
            }
            else
            {
                count.Should().Be(0, "a sink without SupportsUpsertByExternalId that throws for a refused batch writes none of it: the engine writes the records again, and record {0} would be duplicated", record.Key);
            }
        }
    }

    private static async Task ShouldGiveTheSameVerdictsOneByOneAsync<TRecord>(
        IRecordSink<TRecord> sink, IReadOnlyList<TRecord> batch, string rejectedKey, CancellationToken cancellationToken)
        where TRecord : ISyncRecord
    {
        foreach (var record in batch)
        {
            var (outcomes, refused) = await WriteOrRefuseAsync(sink, [record], cancellationToken).ConfigureAwait(false);
            if (record.Key == rejectedKey)
            {
                if (refused is not null)
                {
                    refused.Error.ShouldRefuseRecords("a batch of the refused record alone");
                    continue;
                }

                outcomes!.Should().ContainSingle("a sink returns one outcome per record").Which.ShouldBePermanentFailure("a record written alone");
                continue;
            }

            refused.Should().BeNull("record {0}, written alone after its batch was refused as a whole, is written, yet the sink threw {1}", record.Key, refused?.Error.Code);
            outcomes!.Should().ContainSingle("a sink returns one outcome per record")
                .Which.Kind.Should().BeOneOf([RecordOutcomeKind.Written, RecordOutcomeKind.Unchanged], "record {0}, written alone after its batch was refused as a whole, is written", record.Key);
        }
    }
}
