using System;
using System.Threading;
using System.Threading.Tasks;

namespace CallCrm.Connectors.Security.Webhooks;

/// <summary>Remembers the webhook events accepted inside the replay window, so that the same event is refused a second time.</summary>
/// <remarks>Implementations are thread-safe. Several instances behind a load balancer need a shared implementation: the SQLite
/// and PostgreSQL state stores register one kept in their database; <c>InMemoryWebhookReplayStore</c> (in
/// <c>CallCrm.Connectors.Security</c>) serves one process. Lives in the contracts so that a state store can implement it
/// without depending on the security package.</remarks>
public interface IWebhookReplayStore
{
    /// <summary>Records an event unless it was already recorded and has not expired, atomically.</summary>
    /// <param name="eventKey">The event's identity (its id, or its signature).</param>
    /// <param name="expiresAt">When the record may be forgotten (the end of the replay window for this event).</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns><see langword="true"/> when the event is new; <see langword="false"/> for a replay.</returns>
    ValueTask<bool> TryRegisterAsync(string eventKey, DateTimeOffset expiresAt, CancellationToken cancellationToken = default);

    /// <summary>Forgets a recorded event, so that the sender's retry of an event whose processing failed is accepted.</summary>
    /// <param name="eventKey">The event's identity, as registered.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task that completes when the event is forgotten; forgetting an unknown event does nothing.</returns>
    ValueTask ForgetAsync(string eventKey, CancellationToken cancellationToken = default);
}
