using System;
using NodaTime;

namespace CallCrm.Connectors.State;

/// <summary>A record to buffer in the outbox until its sink can take it.</summary>
/// <param name="Stream">The stream.</param>
/// <param name="Key">The record's stable key. A message for a key that is already waiting replaces that entry's payload and keeps its place.</param>
/// <param name="PartitionKey">The key whose messages must be delivered in order (usually the customer or caller number hash).</param>
/// <param name="PayloadType">The contract type of the payload, for example <c>call-record</c>.</param>
/// <param name="Payload">The payload, a versioned contract envelope.</param>
/// <param name="EnqueuedAt">When the message was buffered.</param>
public sealed record OutboxMessage(string Stream, string Key, string PartitionKey, string PayloadType, ReadOnlyMemory<byte> Payload, Instant EnqueuedAt);
