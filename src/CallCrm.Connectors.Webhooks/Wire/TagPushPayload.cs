using System.Collections.Generic;

namespace CallCrm.Connectors.Webhooks.Wire;

/// <summary>The body of a tag push, contract version 1: a <c>customer-tag-update</c> plus its <c>eventId</c>.
/// Properties are written in declaration order.</summary>
internal sealed class TagPushPayload
{
    public int ContractVersion { get; set; }

    public string? EventId { get; set; }

    public string? CustomerId { get; set; }

    public long Version { get; set; }

    /// <summary>Gets or sets the ISO-8601 UTC instant, as the SDK's contracts write it.</summary>
    public string? ChangedAt { get; set; }

    public List<TagPushPhoneNumber>? PhoneNumbers { get; set; }

    public List<TagPushTag>? Tags { get; set; }
}
