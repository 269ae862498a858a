using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using CallCrm.Connectors.Model;
using CallCrm.Connectors.Providers;

namespace CallCrm.Connectors.Testing.InMemory;

/// <summary>A reference <see cref="ICallSystemSink"/> over an <see cref="InMemoryCallSystem"/>: replaces each customer's
/// tag set unless a newer version is held, and passes the conformance kit.</summary>
public sealed class InMemoryCallSystemSink : ICallSystemSink
{
    private readonly InMemoryCallSystem callSystem;

    /// <summary>Initializes a new instance of the <see cref="InMemoryCallSystemSink"/> class.</summary>
    /// <param name="callSystem">The call system to push to.</param>
    /// <param name="maxBatchSize">The largest batch accepted.</param>
    /// <param name="name">The provider name.</param>
    public InMemoryCallSystemSink(InMemoryCallSystem callSystem, int maxBatchSize = 100, string name = "in-memory-tags")
    {
        ArgumentNullException.ThrowIfNull(callSystem);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatchSize, 1);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        this.callSystem = callSystem;
        Name = name;
        Capabilities = new SinkCapabilities { MaxBatchSize = maxBatchSize, SupportsUpsertByExternalId = true };
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public SinkCapabilities Capabilities { get; }

    /// <inheritdoc />
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="batch"/> holds more than <see cref="SinkCapabilities.MaxBatchSize"/> updates.</exception>
    public async ValueTask<IReadOnlyList<RecordOutcome>> WriteAsync(IReadOnlyList<CustomerTagUpdate> batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ThrowIfOversized(batch.Count, Capabilities.MaxBatchSize, nameof(batch));
        cancellationToken.ThrowIfCancellationRequested();
        await Task.Yield();
        cancellationToken.ThrowIfCancellationRequested();
        callSystem.ThrowIfFaulted();

        var outcomes = new RecordOutcome[batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            outcomes[i] = callSystem.ApplyTags(batch[i]);
        }

        return outcomes;
    }

    /// <summary>Throws for a batch over the declared limit, as the engine never sends one.</summary>
    /// <param name="count">The batch size.</param>
    /// <param name="maxBatchSize">The limit.</param>
    /// <param name="paramName">The batch parameter.</param>
    internal static void ThrowIfOversized(int count, int maxBatchSize, string paramName)
    {
        if (count > maxBatchSize)
        {
            throw new ArgumentOutOfRangeException(
                paramName,
                count,
                string.Create(CultureInfo.InvariantCulture, $"The batch holds {count} items; this sink accepts at most {maxBatchSize} (SinkCapabilities.MaxBatchSize)."));
        }
    }
}
