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
        Capabilities = new ProviderCapabilities { MaxBatchSize = maxBatchSize, SupportsUpsertByExternalId = true };
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public ProviderCapabilities Capabilities { get; }

    /// <inheritdoc />
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="updates"/> holds more than <see cref="ProviderCapabilities.MaxBatchSize"/> updates.</exception>
    public async ValueTask<IReadOnlyList<RecordOutcome>> PushTagsAsync(IReadOnlyList<CustomerTagUpdate> updates, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(updates);
        ThrowIfOversized(updates.Count, Capabilities.MaxBatchSize, nameof(updates));
        cancellationToken.ThrowIfCancellationRequested();
        await Task.Yield();
        cancellationToken.ThrowIfCancellationRequested();
        callSystem.ThrowIfFaulted();

        var outcomes = new RecordOutcome[updates.Count];
        for (var i = 0; i < updates.Count; i++)
        {
            outcomes[i] = callSystem.ApplyTags(updates[i]);
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
                string.Create(CultureInfo.InvariantCulture, $"The batch holds {count} items; this sink accepts at most {maxBatchSize} (ProviderCapabilities.MaxBatchSize)."));
        }
    }
}
