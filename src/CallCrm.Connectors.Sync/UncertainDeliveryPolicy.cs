namespace CallCrm.Connectors.Sync;

/// <summary>What the engine does with a record that a sink without upsert support may already hold.</summary>
/// <remarks>
/// Before it sends records to a sink that cannot upsert by external id, the engine writes a
/// <see cref="State.DeliveryStatus.Pending"/> ledger entry. If the process dies before the sink's confirmation is
/// committed, the next run finds the entry still pending and cannot tell whether the sink got the record. Sinks
/// with upsert support never need this: the engine simply sends again.
/// </remarks>
public enum UncertainDeliveryPolicy
{
    /// <summary>Puts the record in dead letters with code <c>DELIVERY_UNCERTAIN</c> so an operator can check the target and replay or purge it: never a duplicate, never a silent loss.</summary>
    DeadLetter = 0,

    /// <summary>Sends the record again: never a loss, but the target may end up with a duplicate (at-least-once).</summary>
    Resend = 1,
}
