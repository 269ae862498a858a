using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CallCrm.Connectors.Errors;
using CallCrm.Connectors.Model;
using CallCrm.Connectors.Providers;

namespace CallCrm.Connectors.Testing.InMemory;

/// <summary>A reference <see cref="ICrmSink"/> over an <see cref="InMemoryCrm"/>: one outcome per record, refused records
/// failing alone, writes by key when configured; it passes the conformance kit.</summary>
public sealed class InMemoryCrmSink : ICrmSink
{
    private readonly InMemoryCrm crm;
    private readonly bool upsert;
    private readonly bool refusesBatchAsAWhole;

    /// <summary>Initializes a new instance of the <see cref="InMemoryCrmSink"/> class.</summary>
    /// <param name="crm">The CRM to write to.</param>
    /// <param name="options">How the sink behaves; <see langword="null"/> for the defaults.</param>
    public InMemoryCrmSink(InMemoryCrm crm, InMemoryCrmSinkOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(crm);
        options ??= new InMemoryCrmSinkOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxBatchSize, 1, nameof(options));
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Name, nameof(options));
        this.crm = crm;
        upsert = options.UpsertByExternalId;
        refusesBatchAsAWhole = options.RefusesBatchAsAWhole;
        Name = options.Name;
        Capabilities = new SinkCapabilities { MaxBatchSize = options.MaxBatchSize, SupportsUpsertByExternalId = upsert };
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public SinkCapabilities Capabilities { get; }

    /// <inheritdoc />
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="batch"/> holds more than <see cref="SinkCapabilities.MaxBatchSize"/> records.</exception>
    /// <exception cref="ConnectorException">The CRM is faulted, or (with <see cref="InMemoryCrmSinkOptions.RefusesBatchAsAWhole"/>)
    /// the batch holds a record the CRM refuses.</exception>
    public async ValueTask<IReadOnlyList<RecordOutcome>> WriteAsync(IReadOnlyList<CallRecord> batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        InMemoryCallSystemSink.ThrowIfOversized(batch.Count, Capabilities.MaxBatchSize, nameof(batch));
        cancellationToken.ThrowIfCancellationRequested();
        await Task.Yield();
        cancellationToken.ThrowIfCancellationRequested();
        crm.ThrowIfFaulted();
        if (refusesBatchAsAWhole && batch.Select(r => crm.RefusalOf(r.Key)).FirstOrDefault(e => e is not null) is { } refusal)
        {
            throw new ConnectorException(refusal);
        }

        var outcomes = new RecordOutcome[batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            outcomes[i] = crm.WriteActivity(batch[i], upsert);
        }

        return outcomes;
    }
}
