namespace CallCrm.Connectors.Testing.InMemory;

/// <summary>How an <see cref="InMemoryCrmSink"/> behaves.</summary>
public sealed class InMemoryCrmSinkOptions
{
    /// <summary>Gets or sets the largest batch the sink accepts; larger batches throw an <see cref="System.ArgumentOutOfRangeException"/>.</summary>
    /// <value>The default value is 100.</value>
    public int MaxBatchSize { get; set; } = 100;

    /// <summary>Gets or sets whether the sink writes by key (updating the activity it wrote before) or always adds an activity,
    /// as a CRM without upsert by external id does.</summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool UpsertByExternalId { get; set; } = true;

    /// <summary>Gets or sets whether the sink validates a batch as a unit, as some vendors' batch APIs do: a batch holding a
    /// refused record throws a permanent <c>VALIDATION_FAILED</c> <see cref="Errors.ConnectorException"/> and writes nothing,
    /// so that the engine bisects it.</summary>
    /// <value>The default value is <see langword="false"/>: a refused record fails alone, with its own outcome.</value>
    public bool RefusesBatchAsAWhole { get; set; }

    /// <summary>Gets or sets the provider name.</summary>
    /// <value>The default value is <c>in-memory-crm</c>.</value>
    public string Name { get; set; } = "in-memory-crm";
}
