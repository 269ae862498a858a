using System;

namespace CallCrm.Connectors.Sync.Resilience;

/// <summary>The keys under which the sync engine looks for a replacement of a stream's sink pipeline in Polly's registry.</summary>
/// <remarks>
/// <para>When <see cref="SyncEngine.ResiliencePipelines"/> (in a host, the container's
/// <see cref="Polly.Registry.ResiliencePipelineProvider{TKey}"/> of <see cref="string"/>) holds a non-generic
/// <see cref="Polly.ResiliencePipeline"/> under <see cref="KeyFor"/>(stream name), it replaces the stream's default pipeline
/// (retry, circuit breaker, attempt timeout of <see cref="SinkResilienceOptions"/>). The engine still sends only the records
/// not confirmed yet on each attempt, and still sends a batch to the outbox when the pipeline gives up on a transient failure
/// (a transient <see cref="CallCrm.Connectors.Errors.ConnectorException"/>, a Polly timeout or an open circuit).</para>
/// <para>The stream's health then reports the circuit as closed: the engine cannot see a breaker of yours. The nesting check
/// of <see cref="SinkResilienceOptions.AttemptTimeout"/> is not made for a replacement; keep its attempt timeout longer than
/// the sink's request budget yourself.</para>
/// </remarks>
public static class SinkResiliencePipelines
{
    /// <summary>The prefix of every sink pipeline key.</summary>
    public const string KeyPrefix = "CallCrm.Connectors.Sync/";

    /// <summary>The suffix, after the stream's key, of the pipeline of a tag stream's CRM tag sink (tag history written back to the CRM).</summary>
    public const string CrmTagSinkSuffix = "/crm-tags";

    /// <summary>Gets the key of a stream's sink pipeline: <see cref="KeyPrefix"/> followed by the stream name.</summary>
    /// <param name="streamName">The stream's name.</param>
    /// <returns>The registry key.</returns>
    public static string KeyFor(string streamName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(streamName);
        return KeyPrefix + streamName;
    }
}
