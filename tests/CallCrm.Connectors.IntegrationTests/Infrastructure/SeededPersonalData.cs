using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using CallCrm.Connectors.Normalization;
using CallCrm.Connectors.VendorSimulator;

namespace CallCrm.Connectors.IntegrationTests.Infrastructure;

/// <summary>Every phone number and e-mail address the simulator seeded, read back through its own vendor APIs, in every spelling a log
/// line could carry: as seeded, E.164, E.164 without the plus, and the national significant number.</summary>
internal static class SeededPersonalData
{
    /// <summary>Digit runs shorter than this are too common (years, counts, ports) to mean a leaked number.</summary>
    private const int MinimumDigits = 7;

    public static async Task<IReadOnlySet<string>> CollectAsync(VendorSimulatorHost simulator, CancellationToken cancellationToken = default)
    {
        var raw = new HashSet<string>(StringComparer.Ordinal);
        using var twilio = Client(simulator, new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(simulator.Options.TwilioAccountSid + ":" + simulator.Options.TwilioAuthToken))));
        string? next = $"2010-04-01/Accounts/{simulator.Options.TwilioAccountSid}/Calls.json?PageSize=1000";
        while (next is not null)
        {
            var page = JsonNode.Parse(await twilio.GetStringAsync(new Uri(next.TrimStart('/'), UriKind.Relative), cancellationToken))!.AsObject();
            foreach (var call in page["calls"]!.AsArray())
            {
                foreach (var field in new[] { "from", "to", "from_formatted", "to_formatted", "forwarded_from" })
                {
                    AddIfText(raw, call?[field]);
                }
            }

            next = page["next_page_uri"]?.GetValue<string>();
        }

        using var hubSpot = Client(simulator, new AuthenticationHeaderValue("Bearer", simulator.Options.HubSpotAccessToken));
        string? after = null;
        do
        {
            var query = "crm/v3/objects/contacts?limit=100&properties=phone,mobilephone,email" + (after is null ? string.Empty : "&after=" + after);
            var page = JsonNode.Parse(await hubSpot.GetStringAsync(new Uri(query, UriKind.Relative), cancellationToken))!.AsObject();
            foreach (var contact in page["results"]!.AsArray())
            {
                var properties = contact!["properties"]!;
                AddIfText(raw, properties["phone"]);
                AddIfText(raw, properties["mobilephone"]);
                AddIfText(raw, properties["email"]);
            }

            after = page["paging"]?["next"]?["after"]?.GetValue<string>();
        }
        while (after is not null);

        var normalizer = new PhoneNumberNormalizer(new PhoneNumberNormalizerOptions { DefaultRegion = "US" });
        var forms = new HashSet<string>(StringComparer.Ordinal);
        foreach (var value in raw)
        {
            forms.Add(value);
            var number = normalizer.Normalize(value);
            if (number.IsValid)
            {
                var e164 = number.E164!;
                forms.Add(e164);
                forms.Add(e164[1..]);
                var national = e164[(1 + number.CountryCallingCode.ToString(System.Globalization.CultureInfo.InvariantCulture).Length)..];
                if (national.Length >= MinimumDigits)
                {
                    forms.Add(national);
                }
            }
        }

        forms.RemoveWhere(f => f.Count(char.IsAsciiDigit) < MinimumDigits && !f.Contains('@', StringComparison.Ordinal));
        return forms;
    }

    private static HttpClient Client(VendorSimulatorHost simulator, AuthenticationHeaderValue authorization)
    {
        var client = new HttpClient { BaseAddress = simulator.BaseAddress };
        client.DefaultRequestHeaders.Authorization = authorization;
        return client;
    }

    private static void AddIfText(HashSet<string> values, JsonNode? node)
    {
        if (node?.GetValueKind() == System.Text.Json.JsonValueKind.String && node.GetValue<string>() is { Length: > 0 } text)
        {
            values.Add(text);
        }
    }
}
