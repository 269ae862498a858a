using System.Collections.Generic;
using NodaTime;

namespace CallCrm.Connectors.Model;

/// <summary>The tags a call system should hold for one customer, pushed by tag sync.</summary>
/// <remarks>The update carries the whole tag set, not a delta, so applying it twice has the same effect as once.</remarks>
public sealed record CustomerTagUpdate : ISyncRecord
{
    /// <summary>Gets the CRM's identifier of the customer.</summary>
    public required string CustomerId { get; init; }

    /// <summary>Gets the customer's phone numbers, by which a call system routes.</summary>
    public IReadOnlyList<PhoneNumber> PhoneNumbers { get; init; } = [];

    /// <summary>Gets the complete tag set the call system should hold after the update.</summary>
    public required IReadOnlyList<CustomerTag> Tags { get; init; }

    /// <summary>Gets when the change was made at its origin.</summary>
    public Instant ChangedAt { get; init; }

    /// <summary>Gets the version the SDK gave this tag set, increasing per customer.</summary>
    public long Version { get; init; }

    /// <summary>Gets the key that identifies this update for idempotency: <c>{CustomerId}@{Version}</c>.</summary>
    public string Key => string.Concat(CustomerId, "@", Version.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <inheritdoc />
    /// <remarks>A tag set is always final: a newer one is another update, with a higher <see cref="Version"/>.</remarks>
    bool ISyncRecord.IsFinal => true;
}
