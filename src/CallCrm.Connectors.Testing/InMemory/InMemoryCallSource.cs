using System;
using System.Collections.Generic;
using System.Threading;
using CallCrm.Connectors.Checkpoints;
using CallCrm.Connectors.Model;
using CallCrm.Connectors.Providers;

namespace CallCrm.Connectors.Testing.InMemory;

/// <summary>A reference <see cref="ICallSource"/> over an <see cref="InMemoryCallSystem"/>: reads calls by (start time,
/// id) watermark, page by page, and passes the conformance kit.</summary>
public sealed class InMemoryCallSource : ICallSource
{
    private readonly InMemoryCallSystem callSystem;

    /// <summary>Initializes a new instance of the <see cref="InMemoryCallSource"/> class.</summary>
    /// <param name="callSystem">The call system to read.</param>
    /// <param name="name">The provider name.</param>
    public InMemoryCallSource(InMemoryCallSystem callSystem, string name = "in-memory-calls")
    {
        ArgumentNullException.ThrowIfNull(callSystem);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        this.callSystem = callSystem;
        Name = name;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    /// <remarks>Ordered by start time, as the in-memory call system lists calls.</remarks>
    public SourceCapabilities Capabilities { get; } = new(SourceOrdering.StartTime);

    /// <inheritdoc />
    /// <remarks><see cref="ReadRequest.Since"/> must be <see langword="null"/> or a <see cref="WatermarkCheckpoint"/>.</remarks>
    public IAsyncEnumerable<SourceItem<CallRecord>> ReadAsync(ReadRequest request, CancellationToken cancellationToken = default) =>
        WatermarkReader.ReadAsync(
            callSystem,
            request,
            callSystem.ReadCallPage,
            call => new WatermarkCheckpoint(call.StartedAt, call.SourceId),
            (call, position) => new SourceItem<CallRecord>(call, position),
            cancellationToken);
}
