namespace CallCrm.Connectors.State;

/// <summary>One revision of an outbox entry that was settled (delivered, found unchanged or dead-lettered) and is to be removed.</summary>
/// <param name="Id">The entry's identifier (<see cref="OutboxEntry.Id"/>).</param>
/// <param name="Revision">The revision that was settled (<see cref="OutboxEntry.Revision"/>), as the peek returned it.</param>
/// <remarks>The entry is removed only while it still holds that revision: a message enqueued for the same key after the peek replaced
/// the payload and raised the revision, and that newer message stays waiting to be delivered.</remarks>
public sealed record OutboxCompletion(long Id, long Revision);
