using System;
using System.Collections.Generic;
using System.Threading;
using CallCrm.Connectors.Checkpoints;
using CallCrm.Connectors.Model;
using CallCrm.Connectors.Providers;

namespace CallCrm.Connectors.Testing.InMemory;

/// <summary>A reference <see cref="ICustomerSource"/> over an <see cref="InMemoryCrm"/>: reads customers by (modification
/// time, id) watermark, page by page, and passes the conformance kit.</summary>
public sealed class InMemoryCustomerSource : ICustomerSource
{
    private readonly InMemoryCrm crm;

    /// <summary>Initializes a new instance of the <see cref="InMemoryCustomerSource"/> class.</summary>
    /// <param name="crm">The CRM to read.</param>
    /// <param name="name">The provider name.</param>
    public InMemoryCustomerSource(InMemoryCrm crm, string name = "in-memory-customers")
    {
        ArgumentNullException.ThrowIfNull(crm);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        this.crm = crm;
        Name = name;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    /// <remarks>Ordered by change time (each customer's <see cref="CustomerProfile.ModifiedAt"/>).</remarks>
    public SourceCapabilities Capabilities { get; } = new(SourceOrdering.ChangeTime);

    /// <inheritdoc />
    /// <remarks><see cref="ReadRequest.Since"/> must be <see langword="null"/> or a <see cref="WatermarkCheckpoint"/>.</remarks>
    public IAsyncEnumerable<SourceItem<CustomerChange>> ReadAsync(ReadRequest request, CancellationToken cancellationToken = default) =>
        WatermarkReader.ReadAsync(
            crm,
            request,
            crm.ReadCustomerPage,
            customer => new WatermarkCheckpoint(InMemoryCrm.ModifiedAt(customer), customer.Id),
            (customer, position) => new SourceItem<CustomerChange>(new CustomerChange(customer, InMemoryCrm.ModifiedAt(customer)), position),
            cancellationToken);
}
