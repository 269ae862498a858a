using System;
using NodaTime;

namespace CallCrm.Connectors.State;

/// <summary>A record that failed permanently, to keep with its reason until someone fixes, replays or purges it.</summary>
/// <param name="Stream">The stream.</param>
/// <param name="Key">The record's stable key.</param>
/// <param name="ErrorCode">The stable error code (<see cref="Errors.ConnectorErrorCode"/>).</param>
/// <param name="Reason">The technical reason, without secrets or raw personal data.</param>
/// <param name="PayloadType">The contract type of the payload, for example <c>call-record</c>.</param>
/// <param name="Payload">The record as a versioned contract envelope, or the raw input when it could not be read at all.</param>
/// <param name="FailedAt">When the record failed.</param>
/// <param name="Attempts">How many attempts were made.</param>
public sealed record DeadLetterMessage(
    string Stream,
    string Key,
    string ErrorCode,
    string Reason,
    string PayloadType,
    ReadOnlyMemory<byte> Payload,
    Instant FailedAt,
    int Attempts);
