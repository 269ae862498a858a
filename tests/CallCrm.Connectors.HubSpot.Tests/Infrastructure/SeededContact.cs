using System.Text.Json.Nodes;
using CallCrm.Connectors.HubSpot.Internal;

namespace CallCrm.Connectors.HubSpot.Tests.Infrastructure;

/// <summary>A seeded contact whose phone number the test can state in E.164 without guessing a region.</summary>
internal sealed record SeededContact(string Id, string RawPhone, string E164, DateTimeOffset Modified)
{
    public static List<SeededContact> From(IEnumerable<JsonObject> contacts)
    {
        var known = new List<SeededContact>();
        foreach (var contact in contacts)
        {
            var raw = contact["properties"]?["phone"]?.GetValue<string>();
            if (raw is null)
            {
                continue;
            }

            // '+' and '00' forms carry their country; "(305) 555-0100" is a US national form.
            var region = raw.StartsWith('+') || raw.StartsWith("00", StringComparison.Ordinal) ? "DE" : raw.StartsWith('(') ? "US" : null;
            if (region is null || HubSpotHarness.Normalizer.Normalize(raw, region).E164 is not { } e164)
            {
                continue;
            }

            known.Add(new SeededContact(
                contact["id"]!.GetValue<string>(),
                raw,
                e164,
                HubSpotValues.ParseInstant(contact["properties"]!["lastmodifieddate"]!.GetValue<string>())!.Value.ToDateTimeOffset()));
        }

        return known;
    }
}
