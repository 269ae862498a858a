namespace CallCrm.Connectors.Auditing;

/// <summary>The entity types the SDK reports in <see cref="DataChange.EntityType"/>.</summary>
public static class DataChangeEntityTypes
{
    /// <summary>A call record; the key is its <see cref="Model.CallRecord.Key"/>.</summary>
    public const string Call = "call";

    /// <summary>A customer's tags; the key is the customer id.</summary>
    public const string CustomerTags = "customer-tags";

    /// <summary>A dead letter; the key is its id in the dead-letter store.</summary>
    public const string DeadLetter = "dead-letter";
}
