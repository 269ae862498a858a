using System;
using System.IO;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using CallCrm.Connectors.VendorSimulator.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CallCrm.Connectors.VendorSimulator.CallSystem;

/// <summary>
/// A call system receiving customer tags: <c>POST /callsystem/tags</c> takes a signed, versioned customer-tag-update
/// (contract version 1: <c>{"contractVersion":1,"customerId":...,"version":...,"changedAt":...,"tags":[{"name":...,"value":...}]}</c>),
/// idempotent on <c>X-CallCrm-Event-Id</c>; <c>GET /callsystem/tags/{customerId}</c> returns what it holds.
/// </summary>
internal static class CallSystemApi
{
    /// <summary>The newest customer-tag-update contract version the call system understands.</summary>
    public const int SupportedContractVersion = 1;

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/callsystem/tags", ReceiveAsync);
        app.MapGet("/callsystem/tags/{customerId}", GetAsync);
    }

    private static async Task ReceiveAsync(HttpContext context, SimulatorRuntime runtime)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        var body = buffer.ToArray();
        var check = WebhookSignature.Verify(
            context.Request.Headers[WebhookSignature.HeaderName],
            runtime.Options.CallSystemWebhookSecret,
            body,
            runtime.TimeProvider.GetUtcNow(),
            runtime.Options.CallSystemSignatureTolerance);
        if (check != SignatureCheck.Valid)
        {
            await VendorErrors.CallSystemAsync(context, 401, check == SignatureCheck.Stale ? "stale_timestamp" : "invalid_signature", check switch
            {
                SignatureCheck.Missing => $"The {WebhookSignature.HeaderName} header is missing.",
                SignatureCheck.Malformed => $"The {WebhookSignature.HeaderName} header must be t=<unix seconds>,v1=<hex>.",
                SignatureCheck.Stale => "The signature timestamp is outside the accepted tolerance.",
                _ => "The signature does not match the body.",
            });
            return;
        }

        var eventId = context.Request.Headers[WebhookSignature.EventIdHeaderName].ToString();
        if (eventId.Length == 0)
        {
            await VendorErrors.CallSystemAsync(context, 400, "missing_event_id", $"The {WebhookSignature.EventIdHeaderName} header is required.");
            return;
        }

        JsonObject? json;
        try
        {
            json = JsonNode.Parse(body) as JsonObject;
        }
        catch (JsonException)
        {
            json = null;
        }

        if (json?["contractVersion"] is not JsonValue versionNode || !versionNode.TryGetValue<int>(out var contractVersion))
        {
            await VendorErrors.CallSystemAsync(context, 400, "invalid_payload", "The body must be a JSON object with an integer contractVersion.");
            return;
        }

        if (contractVersion > SupportedContractVersion || contractVersion < 1)
        {
            await VendorErrors.CallSystemAsync(context, 422, "unsupported_contract_version", $"Contract version {contractVersion} is not supported; the newest supported is {SupportedContractVersion}.");
            return;
        }

        var customerId = json["customerId"] is JsonValue id && id.TryGetValue<string>(out var text) ? text : null;
        var tags = json["tags"] as JsonArray;
        var version = json["version"] is JsonValue v && v.TryGetValue<long>(out var number) ? number : (long?)null;
        if (string.IsNullOrEmpty(customerId) || tags is null || version is null || !AllTagsNamed(tags))
        {
            await VendorErrors.CallSystemAsync(context, 400, "invalid_payload", "customerId, version and tags (each with a name) are required.");
            return;
        }

        var (newEvent, applied) = runtime.CallSystem.Apply(new CustomerTags(customerId, version.Value, (JsonArray)tags.DeepClone(), runtime.TimeProvider.GetUtcNow(), eventId));
        if (newEvent)
        {
            runtime.Counters.TagPushed();
        }
        else
        {
            runtime.Counters.TagPushReplayed();
        }

        await JsonResponses.WriteAsync(context, 200, new JsonObject
        {
            ["status"] = !newEvent ? "duplicate" : applied ? "applied" : "superseded",
            ["customerId"] = customerId,
            ["version"] = version,
        });
    }

    private static bool AllTagsNamed(JsonArray tags)
    {
        foreach (var tag in tags)
        {
            if (tag?["name"] is not JsonValue name || !name.TryGetValue<string>(out var value) || value.Length == 0)
            {
                return false;
            }
        }

        return true;
    }

    private static async Task GetAsync(HttpContext context, string customerId, SimulatorRuntime runtime)
    {
        if (runtime.CallSystem.Get(customerId) is not { } current)
        {
            await VendorErrors.CallSystemAsync(context, 404, "not_found", "No tags were received for this customer.");
            return;
        }

        await JsonResponses.WriteAsync(context, 200, new JsonObject
        {
            ["customerId"] = current.CustomerId,
            ["version"] = current.Version,
            ["tags"] = current.Tags.DeepClone(),
            ["receivedAt"] = current.ReceivedAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            ["eventId"] = current.EventId,
        });
    }
}
