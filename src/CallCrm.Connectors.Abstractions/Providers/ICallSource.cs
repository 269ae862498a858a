using System.Collections.Generic;
using System.Threading;
using CallCrm.Connectors.Model;

namespace CallCrm.Connectors.Providers;

/// <summary>Reads call records from a call system, incrementally from a checkpoint.</summary>
/// <remarks>
/// Implementations yield records in checkpoint order (by start time then id for watermark sources, in
/// change-log order for cursor sources) and throw <see cref="Errors.ConnectorException"/> for failures;
/// the engine owns retries, batching and checkpoints. Instances must be safe to use from one reader at a time.
/// </remarks>
public interface ICallSource : IConnectorProvider
{
    /// <summary>Reads the call records after <see cref="ReadRequest.Since"/>.</summary>
    /// <param name="request">Where to resume and how much to read.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The records, each with the checkpoint just after it.</returns>
    IAsyncEnumerable<SourceItem<CallRecord>> ReadAsync(ReadRequest request, CancellationToken cancellationToken = default);
}
