using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace CallCrm.Connectors.HubSpot.Tests.Infrastructure;

/// <summary>Answers HubSpot's call batch create and upsert as HubSpot may: results in another order than the inputs and
/// without the properties that were sent (HubSpot promises neither the order nor the echo).</summary>
internal sealed class BatchResultScrambler : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        var path = request.RequestUri!.AbsolutePath;
        if (!response.IsSuccessStatusCode || path is not ("/crm/v3/objects/calls/batch/create" or "/crm/v3/objects/calls/batch/upsert"))
        {
            return response;
        }

        var body = (await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken))!;
        var results = body["results"]!.AsArray();
        var scrambled = new JsonArray(results.Reverse().Select(r =>
        {
            var result = r!.DeepClone().AsObject();
            result["properties"] = new JsonObject { ["hs_object_id"] = result["id"]!.DeepClone() };
            return (JsonNode)result;
        }).ToArray());
        body["results"] = scrambled;
        response.Content = JsonContent.Create(body);
        return response;
    }
}
