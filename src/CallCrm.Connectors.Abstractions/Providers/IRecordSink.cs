using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using CallCrm.Connectors.Model;

namespace CallCrm.Connectors.Providers;

/// <summary>Writes records of one kind to a target system: the one sink shape of the SPI.</summary>
/// <typeparam name="TRecord">The record kind: <see cref="CallRecord"/> for a CRM's activities, <see cref="CustomerTagUpdate"/>
/// for tag sets.</typeparam>
/// <remarks>
/// <para>A sink returns one <see cref="RecordOutcome"/> per record, in batch order, carrying the record's
/// <see cref="ISyncRecord.Key"/>, so that one bad record does not fail the others. A failure of the whole batch (the
/// target cannot be reached, the credentials are refused, or the vendor refuses the batch as a unit without naming the
/// bad record) is thrown as an <see cref="Errors.ConnectorException"/>; the engine retries the transient ones and
/// bisects a batch refused for a record-level reason to find the bad records.</para>
/// <para>The engine calls a sink with at most <see cref="SinkCapabilities.MaxBatchSize"/> records with distinct keys, and
/// with up to <see cref="SinkCapabilities.MaxConcurrency"/> calls in flight. Writes should be idempotent by key where
/// the vendor allows it (<see cref="SinkCapabilities.SupportsUpsertByExternalId"/>). Cancellation throws
/// <see cref="System.OperationCanceledException"/>.</para>
/// </remarks>
public interface IRecordSink<TRecord> : IConnectorProvider
    where TRecord : ISyncRecord
{
    /// <summary>Gets what the sink can do; the engine reads it once, when it creates a stream.</summary>
    SinkCapabilities Capabilities { get; }

    /// <summary>Writes a batch of records.</summary>
    /// <param name="batch">The records: at most <see cref="SinkCapabilities.MaxBatchSize"/>, with distinct keys.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>One outcome per record, in batch order.</returns>
    ValueTask<IReadOnlyList<RecordOutcome>> WriteAsync(IReadOnlyList<TRecord> batch, CancellationToken cancellationToken = default);
}
