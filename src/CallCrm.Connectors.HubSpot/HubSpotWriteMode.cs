namespace CallCrm.Connectors.HubSpot;

/// <summary>How the sink writes call engagements; both are idempotent through the unique source-call-id property.</summary>
public enum HubSpotWriteMode
{
    /// <summary>
    /// <c>POST /crm/v3/objects/calls/batch/upsert</c> keyed by the unique source-call-id property, then the contact
    /// associations through <c>POST /crm/v4/associations/calls/contacts/batch/create</c> (which is idempotent).
    /// A replay updates the engagement in place.
    /// </summary>
    Upsert = 0,

    /// <summary>
    /// <c>POST /crm/v3/objects/calls/batch/create</c> with inline associations. A 409 conflict on the unique property
    /// means a call was already delivered: the existing engagements are read back with <c>batch/read</c> by that
    /// property (with their <c>hs_call_status</c>) and the rest are created. An existing call with the same status is reported
    /// <see cref="Providers.RecordOutcomeKind.Unchanged"/>; one with another status (a call sent in progress, now completed) is a
    /// <see cref="Providers.RecordOutcomeKind.PermanentFailure"/> with code <c>CONFLICT</c>, since this mode never updates:
    /// the engine dead-letters it instead of taking the new state for delivered. Use <see cref="CreateOrUpdate"/> or
    /// <see cref="Upsert"/> when calls are sent before they are final.
    /// </summary>
    CreateOnly = 1,

    /// <summary>
    /// <c>POST /crm/v3/objects/calls/batch/create</c> with inline associations, so a batch of new calls costs one
    /// request (half of <see cref="Upsert"/>'s two, which matters under HubSpot's per-10-seconds limit). A 409 conflict
    /// on the unique property means some calls exist already (a replay, a lost response, or an update of a call that
    /// was not final): those are read back with <c>batch/read</c> by that property, updated in place with
    /// <c>batch/update</c> and associated again (idempotently); the rest are created. The default.
    /// </summary>
    CreateOrUpdate = 2,
}
