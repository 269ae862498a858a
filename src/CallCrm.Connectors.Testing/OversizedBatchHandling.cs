namespace CallCrm.Connectors.Testing;

/// <summary>What a sink declares it does with a batch larger than its <see cref="Providers.SinkCapabilities.MaxBatchSize"/>.</summary>
/// <remarks>The engine never sends such a batch; the kit checks that a sink called directly does what it declares.</remarks>
public enum OversizedBatchHandling
{
    /// <summary>The sink throws an <see cref="System.ArgumentException"/> and writes nothing.</summary>
    Rejects = 0,

    /// <summary>The sink writes the whole batch (splitting it as the vendor needs) and returns one outcome per record.</summary>
    Accepts = 1,
}
