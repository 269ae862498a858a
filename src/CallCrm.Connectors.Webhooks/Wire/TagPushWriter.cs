using System.Collections.Generic;
using System.Text.Json;
using CallCrm.Connectors.Model;
using NodaTime.Text;

namespace CallCrm.Connectors.Webhooks.Wire;

/// <summary>Writes the body of a tag push: the exact bytes that are signed and sent.</summary>
internal static class TagPushWriter
{
    public static byte[] Write(CustomerTagUpdate update, string eventId, int contractVersion)
    {
        List<TagPushPhoneNumber>? phones = null;
        foreach (var number in update.PhoneNumbers)
        {
            // A call system routes on E.164; a number that could not be normalized is of no use to it, and its raw
            // text (a caller-ID string, a SIP URI) is personal data the receiver has no need for.
            if (number?.E164 is { Length: > 0 } e164)
            {
                (phones ??= []).Add(new TagPushPhoneNumber { E164 = e164, Extension = number.Extension });
            }
        }

        // Always written, even empty: an empty set means "remove every tag", which must not read as "no change".
        var tags = new List<TagPushTag>(update.Tags.Count);
        foreach (var tag in update.Tags)
        {
            tags.Add(new TagPushTag { Name = tag.Name, Value = tag.Value });
        }

        var payload = new TagPushPayload
        {
            ContractVersion = contractVersion,
            EventId = eventId,
            CustomerId = update.CustomerId,
            Version = update.Version,
            ChangedAt = InstantPattern.ExtendedIso.Format(update.ChangedAt),
            PhoneNumbers = phones,
            Tags = tags,
        };
        return JsonSerializer.SerializeToUtf8Bytes(payload, WebhookJsonContext.Wire.TagPushPayload);
    }
}
