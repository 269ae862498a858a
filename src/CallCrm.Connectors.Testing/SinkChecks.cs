using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CallCrm.Connectors.Errors;
using CallCrm.Connectors.Model;
using CallCrm.Connectors.Providers;
using FluentAssertions;

namespace CallCrm.Connectors.Testing;

/// <summary>Checks shared by the sink and lookup scenarios.</summary>
internal static class SinkChecks
{
    /// <summary>Writes <paramref name="items"/> in batches of at most the declared <see cref="SinkCapabilities.MaxBatchSize"/>,
    /// as the engine does, checking that each batch gets one outcome per record, in order.</summary>
    public static async Task<List<RecordOutcome>> WriteInBatchesAsync<T>(IRecordSink<T> sink, IReadOnlyList<T> items, CancellationToken cancellationToken)
        where T : ISyncRecord
    {
        var outcomes = new List<RecordOutcome>(items.Count);
        foreach (var batch in items.Chunk(sink.Capabilities.MaxBatchSize))
        {
            var written = await sink.WriteAsync(batch, cancellationToken).ConfigureAwait(false);
            written.Should().NotBeNull("a sink returns outcomes, one per record");
            written.Select(o => o.Key).Should().Equal(batch.Select(r => r.Key), "a sink returns one outcome per record, in batch order, carrying the record's key");
            outcomes.AddRange(written);
        }

        return outcomes;
    }

    /// <summary>Checks that every outcome says the record is in the target.</summary>
    public static void ShouldAllBeWrittenOrUnchanged(this IEnumerable<RecordOutcome> outcomes, string because) =>
        outcomes.Should().OnlyContain(o => o.Kind == RecordOutcomeKind.Written || o.Kind == RecordOutcomeKind.Unchanged, because);

    /// <summary>Checks a permanent failure outcome: not transient, with a code and a message for people.</summary>
    public static void ShouldBePermanentFailure(this RecordOutcome outcome, string what)
    {
        outcome.Kind.Should().Be(RecordOutcomeKind.PermanentFailure, "{0} the target refuses fails alone and permanently, so it goes to dead letters", what);
        outcome.Error.Should().NotBeNull("a failure outcome says why ({0})", what);
        outcome.Error!.IsTransient.Should().BeFalse("the error of a permanent failure is not transient ({0})", what);
        outcome.Error.Code.Value.Should().NotBeNullOrWhiteSpace("the error of {0} carries a stable code", what);
        outcome.Error.GetUserMessage(CultureInfo.InvariantCulture).Should().NotBeNullOrWhiteSpace("the error of {0} has a message for people", what);
    }

    /// <summary>Checks a write against a backend answering 5xx: either a transient <see cref="ConnectorException"/>, or one
    /// transient failure outcome per record.</summary>
    public static async Task ShouldFailTransientlyAsync(Func<Task<IReadOnlyList<RecordOutcome>>> write, IReadOnlyList<string> keys)
    {
        IReadOnlyList<RecordOutcome> outcomes;
        try
        {
            outcomes = await write().ConfigureAwait(false);
        }
        catch (ConnectorException ex)
        {
            ex.Error.ShouldReport(BackendFault.ServiceUnavailable, "a write");
            return;
        }

        outcomes.Select(o => o.Key).Should().Equal(keys, "a sink returns one outcome per record, in batch order");
        foreach (var outcome in outcomes)
        {
            outcome.Kind.Should().Be(RecordOutcomeKind.TransientFailure, "a 5xx answer fails record {0} transiently, so the engine retries it", outcome.Key);
            outcome.Error.Should().NotBeNull("a failure outcome says why");
            outcome.Error!.ShouldReport(BackendFault.ServiceUnavailable, "a write");
        }
    }

    /// <summary>Checks that a sink refusing a whole batch threw what the engine bisects: a permanent error about the records
    /// (VALIDATION_FAILED, INVALID_RECORD, ..., or an HTTP 4xx other than 401, 403, 408 and 429), as the engine's
    /// <see cref="ConnectorErrorClassifier.IsRecordLevel"/> reads it.</summary>
    public static void ShouldRefuseRecords(this ConnectorError error, string what)
    {
        error.IsTransient.Should().BeFalse("{0} refused for a bad record fails permanently: retrying the same batch cannot succeed ({1})", what, error.Code);
        ConnectorErrorClassifier.IsRecordLevel(error).Should().BeTrue(
            "{0} refused as a whole for a record-level reason throws VALIDATION_FAILED, INVALID_RECORD, INVALID_PHONE_NUMBER, INVALID_DATE_TIME, NOT_FOUND, CONFLICT or an HTTP 4xx other than 401/403/408/429, so that the engine bisects the batch; it threw {1} (HTTP {2})",
            what,
            error.Code,
            error.HttpStatus);
        error.GetUserMessage(CultureInfo.InvariantCulture).Should().NotBeNullOrWhiteSpace("the error of {0} has a message for people", what);
    }

    /// <summary>Checks that an operation against a faulty backend throws the <see cref="ConnectorException"/> the fault maps to.</summary>
    public static async Task ShouldThrowForAsync(this Func<Task> operation, BackendFault fault, string what)
    {
        var thrown = await operation.Should().ThrowAsync<ConnectorException>("{0} against a backend with {1} fails as a whole with a ConnectorException", what, fault).ConfigureAwait(false);
        thrown.Which.Error.ShouldReport(fault, what);
    }

    /// <summary>Runs <paramref name="operation"/> with a cancelled token and checks it throws <see cref="OperationCanceledException"/>.</summary>
    public static async Task ShouldBeCancelledAsync(Func<CancellationToken, Task> operation, string what)
    {
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync().ConfigureAwait(false);

        var act = () => operation(cancellation.Token);

        await act.Should().ThrowAsync<OperationCanceledException>(
            "{0} with a cancelled token stops with OperationCanceledException: the caller's cancellation is not a failure to classify as a ConnectorException",
            what).ConfigureAwait(false);
    }
}
