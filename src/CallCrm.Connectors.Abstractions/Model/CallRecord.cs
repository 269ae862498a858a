using System;
using System.Collections.Generic;
using NodaTime;

namespace CallCrm.Connectors.Model;

/// <summary>One call, as read from a call system and written to a CRM as an activity.</summary>
/// <remarks>
/// The pair (<see cref="SourceSystem"/>, <see cref="SourceId"/>) identifies a call for ever: it is the key
/// that makes delivery idempotent. A call that has not ended yet (<see cref="IsFinal"/> is
/// <see langword="false"/>) is delivered again when its final state is known.
/// </remarks>
public sealed record CallRecord : ISyncRecord
{
    /// <summary>Gets the name of the call system the record came from, for example <c>twilio</c>.</summary>
    public required string SourceSystem { get; init; }

    /// <summary>Gets the call system's own identifier of the call.</summary>
    public required string SourceId { get; init; }

    /// <summary>Gets the direction of the call.</summary>
    public CallDirection Direction { get; init; }

    /// <summary>Gets the calling party.</summary>
    public PhoneNumber From { get; init; } = PhoneNumber.Empty;

    /// <summary>Gets the called party.</summary>
    public PhoneNumber To { get; init; } = PhoneNumber.Empty;

    /// <summary>Gets the agent who handled the call, if any.</summary>
    public string? Agent { get; init; }

    /// <summary>Gets the queue, skill or hunt group the call went through, if any.</summary>
    public string? Queue { get; init; }

    /// <summary>Gets when the call started (was created or began ringing).</summary>
    public Instant StartedAt { get; init; }

    /// <summary>Gets when the call was answered, if it was.</summary>
    public Instant? AnsweredAt { get; init; }

    /// <summary>Gets when the call ended, if it has.</summary>
    public Instant? EndedAt { get; init; }

    /// <summary>Gets how long the call lasted, if known.</summary>
    public Duration? Duration { get; init; }

    /// <summary>Gets the life-cycle state of the call.</summary>
    public CallStatus Status { get; init; }

    /// <summary>Gets the disposition or wrap-up code the agent chose, if any.</summary>
    public string? Disposition { get; init; }

    /// <summary>Gets a link to the call's recording, if there is one.</summary>
    public Uri? RecordingUrl { get; init; }

    /// <summary>Gets the CRM identifier of the customer, when the call system already knows it.</summary>
    public string? CustomerReference { get; init; }

    /// <summary>Gets the call system's identifier of the parent call (for transfer and conference legs).</summary>
    public string? ParentSourceId { get; init; }

    /// <summary>Gets when the source last changed this record, if it says.</summary>
    public Instant? UpdatedAt { get; init; }

    /// <summary>Gets whether the call has reached a final state; a call still queued, ringing or in progress is not final.</summary>
    public bool IsFinal { get; init; } = true;

    /// <summary>Gets fields the SDK has no property for, by name.</summary>
    public IReadOnlyDictionary<string, string> CustomFields { get; init; } = EmptyFields;

    /// <summary>Gets the stable key of the record across systems: <c>{SourceSystem}:{SourceId}</c>.</summary>
    public string Key => string.Concat(SourceSystem, ":", SourceId);

    private static readonly IReadOnlyDictionary<string, string> EmptyFields = new Dictionary<string, string>(0);
}
