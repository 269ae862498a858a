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

/// <summary>HubSpot CRM v3 call batch upsert and update, contact batch update, list and get.</summary>
internal static partial class HubSpotApi
{
    /// <summary>
    /// Batch upsert by a unique property (<c>idProperty</c> per input, or as a query parameter): creates the calls whose
    /// value is new and updates the others; each result says <c>"new": true|false</c>.
    /// </summary>
    private static async Task BatchUpsertCallsAsync(HttpContext context, SimulatorRuntime runtime)
    {
        var (_, body) = await ReadAsync(context, HubSpotObjectTypes.Calls);
        if (body is null || await InputsAsync(context, body) is not { } inputs)
        {
            return;
        }

        var queryIdProperty = context.Request.Query["idProperty"].ToString();
        var keys = new List<string>();
        foreach (var input in inputs)
        {
            var idProperty = input["idProperty"]?.GetValue<string>() ?? queryIdProperty;
            var id = input["id"]?.ToString();
            if (!IsUniqueProperty(runtime, HubSpotObjectTypes.Calls, idProperty) || idProperty == "hs_object_id" || string.IsNullOrEmpty(id))
            {
                await ValidationAsync(context, $"Upsert needs an id and an idProperty naming a unique property of calls ({HubSpotObjectTypes.SourceCallIdProperty}); got '{idProperty}'.");
                return;
            }

            keys.Add(id);
        }

        if (keys.Distinct(StringComparer.Ordinal).Count() != keys.Count)
        {
            await ValidationAsync(context, "Duplicate IDs found in batch input.");
            return;
        }

        var existing = new Dictionary<string, HubSpotObject>(StringComparer.Ordinal);
        lock (runtime.HubSpot.Gate)
        {
            foreach (var key in keys)
            {
                if (runtime.HubSpot.FindBy(HubSpotObjectTypes.Calls, HubSpotObjectTypes.SourceCallIdProperty, key).FirstOrDefault() is { } found)
                {
                    existing[key] = found;
                }
            }
        }

        // New records need hs_timestamp; updates do not.
        var parsed = new List<CallInput>();
        for (var i = 0; i < inputs.Count; i++)
        {
            if (await ParseCallInputsAsync(context, runtime, [inputs[i]], !existing.ContainsKey(keys[i])) is not [var call])
            {
                return;
            }

            call.Properties[HubSpotObjectTypes.SourceCallIdProperty] = keys[i];
            parsed.Add(call);
        }

        var now = runtime.TimeProvider.GetUtcNow();
        var results = new JsonArray();
        lock (runtime.HubSpot.Gate)
        {
            for (var i = 0; i < parsed.Count; i++)
            {
                // Looked up again under this lock: a concurrent upsert of the same key must update, not duplicate.
                var record = runtime.HubSpot.FindBy(HubSpotObjectTypes.Calls, HubSpotObjectTypes.SourceCallIdProperty, keys[i]).FirstOrDefault();
                var isNew = record is null;
                if (record is null)
                {
                    record = Create(runtime, parsed[i], now);
                }
                else
                {
                    foreach (var (name, value) in parsed[i].Properties)
                    {
                        record.Properties[name] = value;
                    }

                    runtime.HubSpot.Touch(record, now);
                }

                var json = HubSpotJson.Object(record, null, all: true);
                json["new"] = isNew;
                results.Add(json);
            }
        }

        await JsonResponses.WriteAsync(context, 200, HubSpotJson.Batch(results, now, runtime.TimeProvider.GetUtcNow()));
    }

    private static async Task BatchUpdateCallsAsync(HttpContext context, SimulatorRuntime runtime)
    {
        var (_, body) = await ReadAsync(context, HubSpotObjectTypes.Calls);
        if (body is null || await InputsAsync(context, body) is not { } inputs || await ParseCallInputsAsync(context, runtime, inputs, false) is not { } calls)
        {
            return;
        }

        var now = runtime.TimeProvider.GetUtcNow();
        var results = new JsonArray();
        var errors = new JsonArray();
        lock (runtime.HubSpot.Gate)
        {
            for (var i = 0; i < inputs.Count; i++)
            {
                var id = inputs[i]["id"]?.ToString() ?? string.Empty;
                var idProperty = inputs[i]["idProperty"]?.GetValue<string>();
                var record = idProperty == HubSpotObjectTypes.SourceCallIdProperty
                    ? runtime.HubSpot.FindBy(HubSpotObjectTypes.Calls, idProperty, id).FirstOrDefault()
                    : runtime.HubSpot.Get(HubSpotObjectTypes.Calls, id);
                if (record is null)
                {
                    errors.Add(new JsonObject { ["status"] = "error", ["category"] = "OBJECT_NOT_FOUND", ["message"] = $"Object {id} not found", ["context"] = new JsonObject { ["ids"] = new JsonArray(id) } });
                    continue;
                }

                foreach (var (name, value) in calls[i].Properties)
                {
                    record.Properties[name] = value;
                }

                runtime.HubSpot.Touch(record, now);
                results.Add(HubSpotJson.Object(record, null, all: true));
            }
        }

        await JsonResponses.WriteAsync(context, errors.Count == 0 ? 200 : 207, HubSpotJson.Batch(results, now, runtime.TimeProvider.GetUtcNow(), errors));
    }

    /// <summary>Sets string properties of existing contacts by id (HubSpot's <c>contacts/batch/update</c>); unknown ids are per-object errors (207).</summary>
    private static async Task BatchUpdateContactsAsync(HttpContext context, SimulatorRuntime runtime)
    {
        var (_, body) = await ReadAsync(context, HubSpotObjectTypes.Contacts);
        if (body is null || await InputsAsync(context, body) is not { } inputs)
        {
            return;
        }

        if (inputs.Any(i => i?["properties"] is not JsonObject properties || properties.Any(p => p.Value?.GetValueKind() is not (JsonValueKind.String or JsonValueKind.Null))))
        {
            await ValidationAsync(context, "Each input needs a properties object of string values.");
            return;
        }

        var now = runtime.TimeProvider.GetUtcNow();
        var results = new JsonArray();
        var errors = new JsonArray();
        lock (runtime.HubSpot.Gate)
        {
            foreach (var input in inputs)
            {
                var id = input!["id"]?.ToString() ?? string.Empty;
                if (runtime.HubSpot.Get(HubSpotObjectTypes.Contacts, id) is not { } contact)
                {
                    errors.Add(new JsonObject { ["status"] = "error", ["category"] = "OBJECT_NOT_FOUND", ["message"] = $"Object {id} not found", ["context"] = new JsonObject { ["ids"] = new JsonArray(id) } });
                    continue;
                }

                foreach (var (name, value) in input["properties"]!.AsObject())
                {
                    contact.Properties[name] = value?.GetValue<string>();
                }

                runtime.HubSpot.Touch(contact, now);
                results.Add(HubSpotJson.Object(contact, null, all: true));
            }
        }

        await JsonResponses.WriteAsync(context, errors.Count == 0 ? 200 : 207, HubSpotJson.Batch(results, now, runtime.TimeProvider.GetUtcNow(), errors));
    }

    private static async Task ListAsync(HttpContext context, SimulatorRuntime runtime, string objectType)
    {
        var (type, _) = await ReadAsync(context, objectType, needBody: false);
        if (type is null)
        {
            return;
        }

        var query = context.Request.Query;
        var limit = 10;
        if (query.TryGetValue("limit", out var limitText) && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit < 1 || limit > 100))
        {
            await ValidationAsync(context, "limit must be between 1 and 100.");
            return;
        }

        // The list cursor is the last id returned: stable while records are added.
        _ = long.TryParse(query["after"], NumberStyles.None, CultureInfo.InvariantCulture, out var after);
        var properties = query["properties"].ToString() is { Length: > 0 } p ? p.Split(',', StringSplitOptions.RemoveEmptyEntries) : null;
        var results = new JsonArray();
        long? next = null;
        lock (runtime.HubSpot.Gate)
        {
            var page = runtime.HubSpot.All(type).Where(o => o.Id > after).Take(limit + 1).ToList();
            foreach (var record in page.Take(limit))
            {
                results.Add(HubSpotJson.Object(record, properties));
            }

            if (page.Count > limit)
            {
                next = page[limit - 1].Id;
            }
        }

        var body = new JsonObject { ["results"] = results };
        if (next is { } n)
        {
            var cursor = n.ToString(CultureInfo.InvariantCulture);
            body["paging"] = new JsonObject { ["next"] = new JsonObject { ["after"] = cursor, ["link"] = $"{context.Request.Path}?limit={limit.ToString(CultureInfo.InvariantCulture)}&after={cursor}" } };
        }

        await JsonResponses.WriteAsync(context, 200, body);
    }

    private static async Task GetAsync(HttpContext context, SimulatorRuntime runtime, string objectType, string id)
    {
        var (type, _) = await ReadAsync(context, objectType, needBody: false);
        if (type is null)
        {
            return;
        }

        var idProperty = context.Request.Query["idProperty"].ToString();
        var properties = context.Request.Query["properties"].ToString() is { Length: > 0 } p ? p.Split(',', StringSplitOptions.RemoveEmptyEntries) : null;
        JsonObject? json;
        lock (runtime.HubSpot.Gate)
        {
            var record = idProperty.Length > 0 && idProperty != "hs_object_id"
                ? runtime.HubSpot.FindBy(type, idProperty, id).FirstOrDefault()
                : runtime.HubSpot.Get(type, id);
            json = record is null ? null : HubSpotJson.Object(record, properties);
        }

        await (json is null
            ? VendorErrors.HubSpotAsync(context, 404, "OBJECT_NOT_FOUND", "resource not found")
            : JsonResponses.WriteAsync(context, 200, json));
    }
}
