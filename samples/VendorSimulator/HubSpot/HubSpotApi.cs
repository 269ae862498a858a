using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using CallCrm.Connectors.VendorSimulator.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CallCrm.Connectors.VendorSimulator.HubSpot;

/// <summary>
/// HubSpot CRM v3 objects (contacts, calls, tickets: search, batch read, call create / batch create / batch upsert /
/// batch update, list, get) and v4 associations (batch reads: 1,000 ids, 500 associations per id, then per-id paging; batch archive), with Bearer auth, the documented rate limits and unique-property conflicts.
/// </summary>
internal static partial class HubSpotApi
{
    private const int MaxBatchInputs = 100;

    // v4 association batch reads take up to 1,000 ids and return at most 500 associations per id, paging the rest.
    private const int MaxAssociationReadInputs = 1000;
    private const int AssociationPageSize = 500;

    public static void Map(IEndpointRouteBuilder app)
    {
        var v3 = app.MapGroup("/crm/v3/objects");
        v3.MapPost("/{objectType}/search", (HttpContext c, string objectType, SimulatorRuntime r) => GuardAsync(c, r, true, () => SearchAsync(c, r, objectType)));
        v3.MapPost("/{objectType}/batch/read", (HttpContext c, string objectType, SimulatorRuntime r) => GuardAsync(c, r, false, () => BatchReadAsync(c, r, objectType)));
        v3.MapPost("/calls/batch/create", (HttpContext c, SimulatorRuntime r) => GuardAsync(c, r, false, () => BatchCreateCallsAsync(c, r)));
        v3.MapPost("/calls/batch/upsert", (HttpContext c, SimulatorRuntime r) => GuardAsync(c, r, false, () => BatchUpsertCallsAsync(c, r)));
        v3.MapPost("/calls/batch/update", (HttpContext c, SimulatorRuntime r) => GuardAsync(c, r, false, () => BatchUpdateCallsAsync(c, r)));
        v3.MapPost("/contacts/batch/update", (HttpContext c, SimulatorRuntime r) => GuardAsync(c, r, false, () => BatchUpdateContactsAsync(c, r)));
        v3.MapPost("/calls", (HttpContext c, SimulatorRuntime r) => GuardAsync(c, r, false, () => CreateCallAsync(c, r)));
        v3.MapGet("/{objectType}", (HttpContext c, string objectType, SimulatorRuntime r) => GuardAsync(c, r, false, () => ListAsync(c, r, objectType)));
        v3.MapGet("/{objectType}/{id}", (HttpContext c, string objectType, string id, SimulatorRuntime r) => GuardAsync(c, r, false, () => GetAsync(c, r, objectType, id)));

        var v4 = app.MapGroup("/crm/v4");
        v4.MapPut("/objects/{fromType}/{fromId}/associations/default/{toType}/{toId}", (HttpContext c, string fromType, string fromId, string toType, string toId, SimulatorRuntime r) =>
            GuardAsync(c, r, false, () => AssociateDefaultAsync(c, r, fromType, fromId, toType, toId)));
        v4.MapGet("/objects/{fromType}/{fromId}/associations/{toType}", (HttpContext c, string fromType, string fromId, string toType, SimulatorRuntime r) =>
            GuardAsync(c, r, false, () => ListAssociationsAsync(c, r, fromType, fromId, toType)));
        v4.MapPost("/associations/{fromType}/{toType}/batch/create", (HttpContext c, string fromType, string toType, SimulatorRuntime r) =>
            GuardAsync(c, r, false, () => BatchAssociateAsync(c, r, fromType, toType)));
        v4.MapPost("/associations/{fromType}/{toType}/batch/read", (HttpContext c, string fromType, string toType, SimulatorRuntime r) =>
            GuardAsync(c, r, false, () => BatchReadAssociationsAsync(c, r, fromType, toType)));
        v4.MapPost("/associations/{fromType}/{toType}/batch/archive", (HttpContext c, string fromType, string toType, SimulatorRuntime r) =>
            GuardAsync(c, r, false, () => BatchArchiveAssociationsAsync(c, r, fromType, toType)));
    }

    private static async Task GuardAsync(HttpContext context, SimulatorRuntime runtime, bool isSearch, Func<Task> operation)
    {
        var authorization = context.Request.Headers.Authorization.ToString();
        if (!authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            || !string.Equals(authorization[7..].Trim(), runtime.Options.HubSpotAccessToken, StringComparison.Ordinal))
        {
            await VendorErrors.HubSpotAsync(context, 401, "INVALID_AUTHENTICATION", authorization.Length == 0
                ? "Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview"
                : "Authentication credentials are not valid. Check the private app access token.");
            return;
        }

        var rejection = runtime.HubSpotLimits.Acquire(context, isSearch, runtime.Faults.Current, runtime.Options.HubSpotTier, runtime.TimeProvider.GetUtcNow());
        if (rejection is not null)
        {
            runtime.Counters.Throttle();
            context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(rejection.RetryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            await JsonResponses.WriteAsync(context, 429, new JsonObject
            {
                ["status"] = "error",
                ["message"] = rejection.Message,
                ["errorType"] = "RATE_LIMIT",
                ["correlationId"] = Correlation.NewId(),
                ["policyName"] = rejection.PolicyName,
                ["requestId"] = Correlation.NewId(),
            });
            return;
        }

        await operation();
    }

    private static Task ValidationAsync(HttpContext context, string message, JsonObject? extra = null) =>
        VendorErrors.HubSpotAsync(context, 400, "VALIDATION_ERROR", message, extra);

    private static async Task<(string? Type, JsonObject? Body)> ReadAsync(HttpContext context, string objectType, bool needBody = true)
    {
        var type = HubSpotObjectTypes.Normalize(objectType);
        if (type is null)
        {
            await VendorErrors.HubSpotAsync(context, 400, "OBJECT_NOT_FOUND", $"Unable to infer object type from: {objectType}");
            return (null, null);
        }

        if (!needBody)
        {
            return (type, null);
        }

        var body = await JsonResponses.ReadObjectAsync(context);
        if (body is null)
        {
            await ValidationAsync(context, "Invalid input JSON: the request body must be a JSON object.");
            return (null, null);
        }

        return (type, body);
    }

    private static async Task<List<JsonObject>?> InputsAsync(HttpContext context, JsonObject body, int maxInputs = MaxBatchInputs)
    {
        if (body["inputs"] is not JsonArray inputs || inputs.Count == 0 || inputs.Any(i => i is not JsonObject))
        {
            await ValidationAsync(context, "inputs must be a non-empty array of objects.");
            return null;
        }

        if (inputs.Count > maxInputs)
        {
            await ValidationAsync(context, $"Batch input limit exceeded: {inputs.Count} inputs, at most {maxInputs} allowed.");
            return null;
        }

        return inputs.Cast<JsonObject>().ToList();
    }

    private static async Task SearchAsync(HttpContext context, SimulatorRuntime runtime, string objectType)
    {
        var (type, body) = await ReadAsync(context, objectType);
        if (type is null)
        {
            return;
        }

        JsonObject? result;
        string? error;
        lock (runtime.HubSpot.Gate)
        {
            (result, error) = HubSpotSearch.Run(runtime.HubSpot, type, body!);
        }

        await (error is null ? JsonResponses.WriteAsync(context, 200, result!) : ValidationAsync(context, error));
    }

    private static async Task BatchReadAsync(HttpContext context, SimulatorRuntime runtime, string objectType)
    {
        var (type, body) = await ReadAsync(context, objectType);
        if (type is null || await InputsAsync(context, body!) is not { } inputs)
        {
            return;
        }

        var idProperty = body!["idProperty"]?.GetValue<string>();
        if (idProperty is not null && !IsUniqueProperty(runtime, type, idProperty))
        {
            await ValidationAsync(context, $"{idProperty} is not a unique identifier property of {type}.");
            return;
        }

        var properties = HubSpotSearch.RequestedProperties(body["properties"]);
        var started = runtime.TimeProvider.GetUtcNow();
        var results = new JsonArray();
        var errors = new JsonArray();
        lock (runtime.HubSpot.Gate)
        {
            foreach (var input in inputs)
            {
                var id = input["id"]?.ToString() ?? string.Empty;
                var record = idProperty is null or "hs_object_id"
                    ? runtime.HubSpot.Get(type, id)
                    : runtime.HubSpot.FindBy(type, idProperty, id).FirstOrDefault();
                if (record is null)
                {
                    errors.Add(new JsonObject
                    {
                        ["status"] = "error",
                        ["category"] = "OBJECT_NOT_FOUND",
                        ["message"] = $"Could not get some {type} objects, they may be deleted or not exist. Check that ids are valid.",
                        ["context"] = new JsonObject { ["ids"] = new JsonArray(id) },
                    });
                    continue;
                }

                results.Add(HubSpotJson.Object(record, properties));
            }
        }

        await JsonResponses.WriteAsync(context, errors.Count == 0 ? 200 : 207, HubSpotJson.Batch(results, started, runtime.TimeProvider.GetUtcNow(), errors));
    }

    private static bool IsUniqueProperty(SimulatorRuntime runtime, string type, string property) =>
        property == "hs_object_id"
        || (type == HubSpotObjectTypes.Calls && property == HubSpotObjectTypes.SourceCallIdProperty && runtime.Options.HubSpotUniqueSourceCallId)
        || (type == HubSpotObjectTypes.Contacts && property == "email");

    /// <summary>A parsed, validated call to create: its properties and inline associations.</summary>
    private sealed record CallInput(Dictionary<string, string?> Properties, List<(string ToType, long ToId, int TypeId)> Associations);

    /// <summary>Parses call inputs; writes the 400 and returns null when any input is invalid (HubSpot refuses the batch).</summary>
    private static async Task<List<CallInput>?> ParseCallInputsAsync(HttpContext context, SimulatorRuntime runtime, IEnumerable<JsonObject> inputs, bool requireTimestamp)
    {
        var parsed = new List<CallInput>();
        var errors = new List<string>();
        var associationError = (string?)null;
        lock (runtime.HubSpot.Gate)
        {
            foreach (var input in inputs)
            {
                var (properties, propertyErrors) = HubSpotCallProperties.Parse(input["properties"], requireTimestamp);
                errors.AddRange(propertyErrors);
                var associations = new List<(string, long, int)>();
                foreach (var association in (input["associations"] as JsonArray)?.OfType<JsonObject>() ?? [])
                {
                    var toId = association["to"]?["id"]?.ToString();
                    foreach (var spec in (association["types"] as JsonArray)?.OfType<JsonObject>() ?? [])
                    {
                        var typeId = spec["associationTypeId"]?.GetValue<int>() ?? 0;
                        var toType = typeId switch { 194 => HubSpotObjectTypes.Contacts, 220 => HubSpotObjectTypes.Tickets, _ => null };
                        if (toType is null || toId is null || runtime.HubSpot.Get(toType, toId) is not { } target)
                        {
                            associationError ??= toType is null
                                ? $"associationTypeId {typeId} is not a valid association type from calls."
                                : $"The association target {toType} {toId} does not exist.";
                            continue;
                        }

                        associations.Add((toType, target.Id, typeId));
                    }
                }

                parsed.Add(new CallInput(properties, associations));
            }
        }

        if (errors.Count > 0)
        {
            await ValidationAsync(context, runtime.Faults.Current.HubSpotUnnamedValidationErrors ? HubSpotCallProperties.UnnamedMessage : HubSpotCallProperties.Message(errors));
            return null;
        }

        if (associationError is not null)
        {
            await ValidationAsync(context, associationError);
            return null;
        }

        return parsed;
    }

    private static async Task BatchCreateCallsAsync(HttpContext context, SimulatorRuntime runtime)
    {
        var (_, body) = await ReadAsync(context, HubSpotObjectTypes.Calls);
        if (body is null || await InputsAsync(context, body) is not { } inputs || await ParseCallInputsAsync(context, runtime, inputs, true) is not { } calls)
        {
            return;
        }

        var started = runtime.TimeProvider.GetUtcNow();
        var results = new JsonArray();
        (string Value, long ExistingId)? conflict = null;
        lock (runtime.HubSpot.Gate)
        {
            conflict = FindConflict(runtime, calls.Select(c => c.Properties));
            if (conflict is null)
            {
                foreach (var call in calls)
                {
                    results.Add(HubSpotJson.Object(Create(runtime, call, started), null, all: true));
                }
            }
        }

        if (conflict is { } c)
        {
            await ConflictAsync(context, c.Value, c.ExistingId);
            return;
        }

        await JsonResponses.WriteAsync(context, 201, HubSpotJson.Batch(results, started, runtime.TimeProvider.GetUtcNow()));
    }

    private static async Task CreateCallAsync(HttpContext context, SimulatorRuntime runtime)
    {
        var (_, body) = await ReadAsync(context, HubSpotObjectTypes.Calls);
        if (body is null || await ParseCallInputsAsync(context, runtime, [body], true) is not [var call])
        {
            return;
        }

        var now = runtime.TimeProvider.GetUtcNow();
        JsonObject? created = null;
        (string Value, long ExistingId)? conflict;
        lock (runtime.HubSpot.Gate)
        {
            conflict = FindConflict(runtime, [call.Properties]);
            if (conflict is null)
            {
                created = HubSpotJson.Object(Create(runtime, call, now), null, all: true);
            }
        }

        await (conflict is { } c ? ConflictAsync(context, c.Value, c.ExistingId) : JsonResponses.WriteAsync(context, 201, created!));
    }

    private static HubSpotObject Create(SimulatorRuntime runtime, CallInput call, DateTimeOffset now)
    {
        var record = runtime.HubSpot.Add(HubSpotObjectTypes.Calls, new Dictionary<string, string?>(call.Properties, StringComparer.Ordinal), now);
        foreach (var (toType, toId, typeId) in call.Associations)
        {
            runtime.HubSpot.Associate(HubSpotObjectTypes.Calls, record.Id, toType, toId, typeId);
        }

        return record;
    }

    /// <summary>
    /// The first source call id that already exists (or repeats inside the batch) when the property is unique.
    /// Must be called under the store lock.
    /// </summary>
    private static (string Value, long ExistingId)? FindConflict(SimulatorRuntime runtime, IEnumerable<Dictionary<string, string?>> batch)
    {
        if (!runtime.Options.HubSpotUniqueSourceCallId)
        {
            return null;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var properties in batch)
        {
            if (properties.GetValueOrDefault(HubSpotObjectTypes.SourceCallIdProperty) is not { Length: > 0 } value)
            {
                continue;
            }

            if (runtime.HubSpot.FindBy(HubSpotObjectTypes.Calls, HubSpotObjectTypes.SourceCallIdProperty, value).FirstOrDefault() is { } existing)
            {
                return (value, existing.Id);
            }

            if (!seen.Add(value))
            {
                return (value, 0);
            }
        }

        return null;
    }

    private static Task ConflictAsync(HttpContext context, string value, long existingId) =>
        VendorErrors.HubSpotAsync(
            context,
            409,
            "CONFLICT",
            existingId == 0
                ? $"Duplicate value {value} for unique property {HubSpotObjectTypes.SourceCallIdProperty} within the batch."
                : $"A call with {HubSpotObjectTypes.SourceCallIdProperty} {value} already exists. Existing ID: {existingId.ToString(CultureInfo.InvariantCulture)}",
            existingId == 0 ? null : new JsonObject { ["context"] = new JsonObject { ["existingId"] = new JsonArray(existingId.ToString(CultureInfo.InvariantCulture)) } });
}
