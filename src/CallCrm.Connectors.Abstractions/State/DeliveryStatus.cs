namespace CallCrm.Connectors.State;

/// <summary>The state of a record's delivery in the ledger.</summary>
public enum DeliveryStatus
{
    /// <summary>The record is about to be sent; the target may or may not hold it (a crash may have happened in between).</summary>
    Pending = 0,

    /// <summary>The target confirmed the record.</summary>
    Delivered = 1,

    /// <summary>The record failed permanently and is in dead letters.</summary>
    DeadLettered = 2,
}
