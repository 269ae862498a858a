using System.Collections.Generic;
using System.Threading;
using CallCrm.Connectors.Model;

namespace CallCrm.Connectors.Providers;

/// <summary>Reads records of one kind from a system, incrementally from a checkpoint: the one source shape of the SPI.</summary>
/// <typeparam name="TRecord">The record kind: <see cref="CallRecord"/> from a call system, <see cref="CustomerChange"/> from a CRM.</typeparam>
/// <remarks>
/// <para>A source yields records in the order its <see cref="SourceCapabilities.Ordering"/> declares, each with the
/// checkpoint just after it, and reads pages lazily as the engine asks for more. It reads what the engine asks for once:
/// a failed page ends the read with an <see cref="Errors.ConnectorException"/> (transient or not), and the engine settles
/// what was read, keeps the checkpoint and tries again in a later run. Retrying one request within a read (a 429 or a 503
/// with <c>Retry-After</c>) is the job of the HTTP client the provider sends through, not of the source.</para>
/// <para>Instances are used by one reader at a time.</para>
/// </remarks>
public interface IRecordSource<TRecord> : IConnectorProvider
    where TRecord : ISyncRecord
{
    /// <summary>Gets what the source can do; the engine reads it once, when it creates a stream.</summary>
    SourceCapabilities Capabilities { get; }

    /// <summary>Reads the records after <see cref="ReadRequest.Since"/> and before <see cref="ReadRequest.Until"/>.</summary>
    /// <param name="request">Where to resume, where to stop and how much to read per page.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The records, each with the checkpoint just after it.</returns>
    IAsyncEnumerable<SourceItem<TRecord>> ReadAsync(ReadRequest request, CancellationToken cancellationToken = default);
}
