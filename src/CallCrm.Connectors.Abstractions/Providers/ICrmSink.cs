using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using CallCrm.Connectors.Model;

namespace CallCrm.Connectors.Providers;

/// <summary>Writes call records to a CRM as activities.</summary>
/// <remarks>
/// A sink returns one <see cref="RecordOutcome"/> per record, in the order of the batch, so that one bad record
/// does not fail the others. A failure of the whole batch (the CRM cannot be reached) is thrown as a
/// <see cref="Errors.ConnectorException"/>. Writes should be idempotent by <see cref="CallRecord.Key"/> where the
/// vendor allows it (<see cref="ProviderCapabilities.SupportsUpsertByExternalId"/>).
/// </remarks>
public interface ICrmSink : IConnectorProvider
{
    /// <summary>Writes a batch of call records.</summary>
    /// <param name="batch">The records, at most <see cref="ProviderCapabilities.MaxBatchSize"/>.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>One outcome per record, in batch order.</returns>
    ValueTask<IReadOnlyList<RecordOutcome>> WriteAsync(IReadOnlyList<CallRecord> batch, CancellationToken cancellationToken = default);
}
