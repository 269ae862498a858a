using System.Threading;
using System.Threading.Tasks;
using CallCrm.Connectors.Model;
using CallCrm.Connectors.Providers;

namespace CallCrm.Connectors.Testing;

/// <summary>What <see cref="CrmSinkConformanceTests"/> needs to test an <see cref="ICrmSink"/>.</summary>
public abstract class CrmSinkHarness : ProviderHarness
{
    /// <summary>Gets what the sink does with a batch larger than its <see cref="SinkCapabilities.MaxBatchSize"/>.</summary>
    public abstract OversizedBatchHandling OversizedBatches { get; }

    /// <summary>Creates the sink under test, writing to this harness's backend.</summary>
    /// <param name="cancellationToken">Cancels the creation.</param>
    /// <returns>The sink; the harness disposes what it created.</returns>
    public abstract ValueTask<ICrmSink> CreateSinkAsync(CancellationToken cancellationToken = default);

    /// <summary>Counts the activities the backend holds for one call record, to detect duplicates.</summary>
    /// <param name="key">The record's <see cref="CallRecord.Key"/>.</param>
    /// <param name="cancellationToken">Cancels the count.</param>
    /// <returns>0 when the backend holds none, 1 when it holds the record once, more for duplicates.</returns>
    public abstract ValueTask<int> CountAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Makes the backend refuse <paramref name="record"/> permanently, for example by returning a copy with a value
    /// the vendor rejects (HTTP 400) or by telling the backend to refuse its key.</summary>
    /// <param name="record">A valid record.</param>
    /// <param name="cancellationToken">Cancels the preparation.</param>
    /// <returns>The record to write, with the same <see cref="CallRecord.Key"/>; writing it must fail for it alone.</returns>
    public abstract ValueTask<CallRecord> PrepareRejectedRecordAsync(CallRecord record, CancellationToken cancellationToken = default);
}
