using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using CallCrm.Connectors.Model;
using CallCrm.Connectors.Providers;

namespace CallCrm.Connectors.Testing;

/// <summary>What <see cref="RecordSinkConformanceTests{TRecord}"/> needs to test an <see cref="IRecordSink{TRecord}"/> of any
/// record kind.</summary>
/// <typeparam name="TRecord">The record kind the sink writes.</typeparam>
/// <remarks>Derive <see cref="CrmSinkHarness"/> for a sink of <see cref="CallRecord"/>s or <see cref="CallSystemSinkHarness"/>
/// for a sink of <see cref="CustomerTagUpdate"/>s: they make the records for you. For a record kind of your own, derive this
/// class and implement <see cref="CreateRecords"/> and <see cref="Changed"/> too.</remarks>
public abstract class RecordSinkHarness<TRecord> : ProviderHarness
    where TRecord : ISyncRecord
{
    /// <summary>Gets what the sink does with a batch larger than its <see cref="SinkCapabilities.MaxBatchSize"/>.</summary>
    public abstract OversizedBatchHandling OversizedBatches { get; }

    /// <summary>Creates the sink under test, writing to this harness's backend.</summary>
    /// <param name="cancellationToken">Cancels the creation.</param>
    /// <returns>The sink; the harness disposes what it created.</returns>
    public abstract ValueTask<IRecordSink<TRecord>> CreateSinkAsync(CancellationToken cancellationToken = default);

    /// <summary>Creates fresh, valid records the backend does not hold yet, with distinct keys.</summary>
    /// <param name="count">How many records.</param>
    /// <returns>The records; the same <paramref name="count"/> gives the same records.</returns>
    public abstract IReadOnlyList<TRecord> CreateRecords(int count);

    /// <summary>Creates a newer version of a record: the same thing after it changed, which the sink must write again.</summary>
    /// <param name="record">A record made by <see cref="CreateRecords"/>.</param>
    /// <returns>The newer version, with content that differs from <paramref name="record"/>.</returns>
    public abstract TRecord Changed(TRecord record);

    /// <summary>Counts how many times the backend holds a record, to detect duplicates.</summary>
    /// <param name="key">The record's <see cref="ISyncRecord.Key"/>.</param>
    /// <param name="cancellationToken">Cancels the count.</param>
    /// <returns>0 when the backend holds none, 1 when it holds the record once, more for duplicates.</returns>
    public abstract ValueTask<int> CountAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Makes the backend refuse <paramref name="record"/> permanently, for example by returning a copy with a value
    /// the vendor rejects (HTTP 400) or by telling the backend to refuse its key.</summary>
    /// <param name="record">A valid record.</param>
    /// <param name="cancellationToken">Cancels the preparation.</param>
    /// <returns>The record to write, with the same <see cref="ISyncRecord.Key"/>; writing it must fail, and fail it alone.</returns>
    public abstract ValueTask<TRecord> PrepareRejectedRecordAsync(TRecord record, CancellationToken cancellationToken = default);

    /// <summary>Checks that the backend holds this version of a record: override it to let the kit compare content too.</summary>
    /// <param name="record">The record written last for its key.</param>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>Whether the backend holds <paramref name="record"/> as written; by default, whether it holds the key at all.</returns>
    public virtual async ValueTask<bool> HoldsAsync(TRecord record, CancellationToken cancellationToken = default)
    {
        System.ArgumentNullException.ThrowIfNull(record);
        return await CountAsync(record.Key, cancellationToken).ConfigureAwait(false) > 0;
    }
}
