using System;
using System.Collections.Generic;
using System.Linq;
using CallCrm.Connectors.Checkpoints;
using CallCrm.Connectors.Errors;
using CallCrm.Connectors.Model;
using CallCrm.Connectors.Providers;
using NodaTime;

namespace CallCrm.Connectors.Testing.InMemory;

/// <summary>An in-memory call system: the calls an <see cref="InMemoryCallSource"/> reads and the customer tags an
/// <see cref="InMemoryCallSystemSink"/> pushes.</summary>
/// <example>
/// <code>
/// var callSystem = new InMemoryCallSystem();
/// callSystem.AddCall(new CallRecord { SourceSystem = "pbx", SourceId = "c-1", StartedAt = startedAt, Status = CallStatus.Completed });
/// var source = new InMemoryCallSource(callSystem);
/// </code>
/// </example>
public sealed class InMemoryCallSystem : InMemoryBackend
{
    private readonly Dictionary<string, CallRecord> calls = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CustomerTagUpdate> tags = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ConnectorError> refused = new(StringComparer.Ordinal);

    /// <summary>Initializes a new instance of the <see cref="InMemoryCallSystem"/> class.</summary>
    /// <param name="systemName">The name errors give the call system.</param>
    public InMemoryCallSystem(string systemName = "In-memory call system")
        : base(systemName)
    {
    }

    /// <summary>Gets a snapshot of the calls held, in no particular order.</summary>
    public IReadOnlyList<CallRecord> Calls
    {
        get
        {
            lock (Gate)
            {
                return [.. calls.Values];
            }
        }
    }

    /// <summary>Adds a call, or replaces the call with the same <see cref="CallRecord.Key"/> (a call that moved on).</summary>
    /// <param name="call">The call.</param>
    public void AddCall(CallRecord call)
    {
        ArgumentNullException.ThrowIfNull(call);
        lock (Gate)
        {
            calls[call.Key] = call;
        }
    }

    /// <summary>Gets the tags the call system holds for a customer.</summary>
    /// <param name="customerId">The CRM's identifier of the customer.</param>
    /// <returns>The tags, or <see langword="null"/> when none were pushed for the customer.</returns>
    public IReadOnlyList<CustomerTag>? GetTags(string customerId)
    {
        lock (Gate)
        {
            return tags.TryGetValue(customerId, out var update) ? update.Tags : null;
        }
    }

    /// <summary>Makes the call system refuse every tag update of a customer, as a receiver refuses an update it finds invalid (HTTP 400).</summary>
    /// <param name="customerId">The customer's identifier (<see cref="CustomerTagUpdate.CustomerId"/>).</param>
    public void RefuseTags(string customerId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(customerId);
        var error = ConnectorErrorClassifier.FromHttpResponse(400, SystemName, fieldErrors: [new FieldError("customerId", "The customer is not known.")]);
        lock (Gate)
        {
            refused[customerId] = error;
        }
    }

    /// <summary>Applies a tag update unless the call system holds a newer version; the same version with the same tags changes nothing.</summary>
    /// <param name="update">The update.</param>
    /// <returns>The outcome.</returns>
    internal RecordOutcome ApplyTags(CustomerTagUpdate update)
    {
        lock (Gate)
        {
            if (refused.TryGetValue(update.CustomerId, out var error))
            {
                return RecordOutcome.Failed(update.Key, error);
            }

            if (tags.TryGetValue(update.CustomerId, out var held)
                && (held.Version > update.Version || (held.Version == update.Version && held.Tags.SequenceEqual(update.Tags))))
            {
                return RecordOutcome.Unchanged(update.Key, update.CustomerId);
            }

            tags[update.CustomerId] = update;
            return RecordOutcome.Written(update.Key, update.CustomerId);
        }
    }

    /// <summary>Reads a page of calls by (start time, id) after a watermark.</summary>
    /// <param name="after">The watermark.</param>
    /// <param name="until">The exclusive bound on start time, if any.</param>
    /// <param name="pageSize">The page size.</param>
    /// <returns>The page.</returns>
    internal IReadOnlyList<CallRecord> ReadCallPage(WatermarkCheckpoint after, Instant? until, int pageSize)
    {
        lock (Gate)
        {
            return WatermarkReader.SelectPage(calls.Values, c => c.StartedAt, c => c.SourceId, after, until, pageSize);
        }
    }
}
