namespace CallCrm.Connectors.Contracts;

/// <summary>The names of the payload types in an <see cref="OutboxEnvelope"/> (and in <c>OutboxMessage.PayloadType</c>).</summary>
public static class ContractTypes
{
    /// <summary>A <see cref="Model.CallRecord"/>.</summary>
    public const string CallRecord = "call-record";

    /// <summary>A <see cref="Checkpoints.Checkpoint"/>.</summary>
    public const string Checkpoint = "checkpoint";

    /// <summary>A <see cref="Model.CustomerTagUpdate"/>.</summary>
    public const string CustomerTagUpdate = "customer-tag-update";

    /// <summary>A set of <see cref="Model.CustomerTag"/>s.</summary>
    public const string CustomerTagSet = "customer-tag-set";
}
