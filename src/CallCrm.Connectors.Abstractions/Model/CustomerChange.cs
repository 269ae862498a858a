using NodaTime;

namespace CallCrm.Connectors.Model;

/// <summary>A change of a customer (and their tags) read from a CRM.</summary>
/// <param name="Customer">The customer as it is after the change.</param>
/// <param name="ChangedAt">When the CRM made the change.</param>
/// <param name="ChangedBy">Who or what made the change in the CRM, if the CRM says (used to recognise the SDK's own writes).</param>
public sealed record CustomerChange(CustomerProfile Customer, Instant ChangedAt, string? ChangedBy = null) : ISyncRecord
{
    /// <summary>Gets the CRM's identifier of the customer (<see cref="CustomerProfile.Id"/>).</summary>
    public string Key => Customer.Id;

    /// <inheritdoc />
    /// <remarks>A change is always final: a later change is another record.</remarks>
    bool ISyncRecord.IsFinal => true;
}
