using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CallCrm.Connectors.VendorSimulator;

namespace CallCrm.Connectors.IntegrationTests.Infrastructure;

/// <summary>Test set-up through the simulator's HTTP APIs.</summary>
internal static class SimulatorAdmin
{
    /// <summary>Gives the first contacts tags in HubSpot, through the simulator's admin API.</summary>
    /// <returns>How many contacts were tagged.</returns>
    public static async Task<int> TagContactsAsync(VendorSimulatorHost simulator, int count)
    {
        using var http = new HttpClient { BaseAddress = simulator.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new("Bearer", simulator.Options.HubSpotAccessToken);
        var page = JsonNode.Parse(await http.GetStringAsync(new Uri($"crm/v3/objects/contacts?limit={count}", UriKind.Relative)))!;
        var tagged = 0;
        foreach (var contact in page["results"]!.AsArray())
        {
            var id = contact!["id"]!.GetValue<string>();
            using var response = await http.PostAsJsonAsync(
                new Uri($"_sim/hubspot/contacts/{id}/tags", UriKind.Relative), new JsonObject { ["tags"] = new JsonArray("vip", "language:zh") });
            response.EnsureSuccessStatusCode();
            tagged++;
        }

        return tagged;
    }
}
