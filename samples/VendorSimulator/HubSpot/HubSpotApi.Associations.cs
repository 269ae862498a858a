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

/// <summary>HubSpot CRM v4 associations: default create, list, batch create, batch read and batch archive.</summary>
internal static partial class HubSpotApi
{
    private static async Task AssociateDefaultAsync(HttpContext context, SimulatorRuntime runtime, string fromType, string fromId, string toType, string toId)
    {
        var from = HubSpotObjectTypes.Normalize(fromType);
        var to = HubSpotObjectTypes.Normalize(toType);
        var started = runtime.TimeProvider.GetUtcNow();
        int? typeId;
        bool found;
        lock (runtime.HubSpot.Gate)
        {
            typeId = from is null || to is null ? null : HubSpotObjectTypes.DefaultTypeId(from, to);
            var source = typeId is null ? null : runtime.HubSpot.Get(from!, fromId);
            var target = typeId is null ? null : runtime.HubSpot.Get(to!, toId);
            found = source is not null && target is not null;
            if (found)
            {
                runtime.HubSpot.Associate(from!, source!.Id, to!, target!.Id, typeId!.Value);
            }
        }

        if (typeId is null || !found)
        {
            await ValidationAsync(context, typeId is null ? $"No default association from {fromType} to {toType}." : $"{fromType} {fromId} or {toType} {toId} does not exist.");
            return;
        }

        var result = new JsonObject
        {
            ["from"] = new JsonObject { ["id"] = fromId },
            ["to"] = new JsonObject { ["id"] = toId },
            ["associationSpec"] = new JsonObject { ["associationCategory"] = "HUBSPOT_DEFINED", ["associationTypeId"] = typeId },
        };
        await JsonResponses.WriteAsync(context, 200, HubSpotJson.Batch([result], started, runtime.TimeProvider.GetUtcNow()));
    }

    private static async Task BatchAssociateAsync(HttpContext context, SimulatorRuntime runtime, string fromType, string toType)
    {
        if (await AssociationBatchAsync(context, fromType, toType) is not { } batch)
        {
            return;
        }

        var (from, to, inputs) = batch;

        var started = runtime.TimeProvider.GetUtcNow();
        var results = new JsonArray();
        var errors = new JsonArray();
        lock (runtime.HubSpot.Gate)
        {
            foreach (var input in inputs)
            {
                var source = runtime.HubSpot.Get(from, input["from"]?["id"]?.ToString() ?? string.Empty);
                var target = runtime.HubSpot.Get(to, input["to"]?["id"]?.ToString() ?? string.Empty);
                var types = (input["types"] as JsonArray)?.OfType<JsonObject>().Select(t => t["associationTypeId"]?.GetValue<int>() ?? 0).ToList() ?? [];
                if (source is null || target is null || types.Count == 0)
                {
                    errors.Add(new JsonObject { ["status"] = "error", ["category"] = "VALIDATION_ERROR", ["message"] = "Association source or target does not exist, or no types given." });
                    continue;
                }

                foreach (var typeId in types)
                {
                    runtime.HubSpot.Associate(from, source.Id, to, target.Id, typeId);
                }

                results.Add(new JsonObject
                {
                    ["fromObjectTypeId"] = from,
                    ["fromObjectId"] = source.Id,
                    ["toObjectTypeId"] = to,
                    ["toObjectId"] = target.Id,
                    ["labels"] = new JsonArray(),
                });
            }
        }

        await JsonResponses.WriteAsync(context, errors.Count == 0 ? 201 : 207, HubSpotJson.Batch(results, started, runtime.TimeProvider.GetUtcNow(), errors));
    }

    private static JsonArray AssociationsOf(SimulatorRuntime runtime, string from, long fromId, string to) =>
        AssociationsOf(runtime.HubSpot.Associated(from, fromId, to));

    private static JsonArray AssociationsOf(IEnumerable<(long ToId, int TypeId)> associated)
    {
        var array = new JsonArray();
        foreach (var (toId, typeId) in associated)
        {
            array.Add(new JsonObject
            {
                ["toObjectId"] = toId,
                ["associationTypes"] = new JsonArray(new JsonObject { ["category"] = "HUBSPOT_DEFINED", ["typeId"] = typeId, ["label"] = null }),
            });
        }

        return array;
    }

    private static async Task ListAssociationsAsync(HttpContext context, SimulatorRuntime runtime, string fromType, string fromId, string toType)
    {
        var from = HubSpotObjectTypes.Normalize(fromType);
        var to = HubSpotObjectTypes.Normalize(toType);
        JsonArray? results = null;
        lock (runtime.HubSpot.Gate)
        {
            if (from is not null && to is not null && runtime.HubSpot.Get(from, fromId) is { } source)
            {
                results = AssociationsOf(runtime, from, source.Id, to);
            }
        }

        await (results is null
            ? VendorErrors.HubSpotAsync(context, 404, "OBJECT_NOT_FOUND", "resource not found")
            : JsonResponses.WriteAsync(context, 200, new JsonObject { ["results"] = results }));
    }

    private static async Task BatchReadAssociationsAsync(HttpContext context, SimulatorRuntime runtime, string fromType, string toType)
    {
        if (await AssociationBatchAsync(context, fromType, toType, MaxAssociationReadInputs) is not { } batch)
        {
            return;
        }

        var (from, to, inputs) = batch;

        var started = runtime.TimeProvider.GetUtcNow();
        var results = new JsonArray();
        lock (runtime.HubSpot.Gate)
        {
            foreach (var input in inputs)
            {
                var id = input["id"]?.ToString() ?? string.Empty;
                if (runtime.HubSpot.Get(from, id) is not { } source)
                {
                    continue;
                }

                // The cursor is the last associated id returned (associations are kept in id order): stable while more are added.
                _ = long.TryParse(input["after"]?.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var after);
                var page = runtime.HubSpot.Associated(from, source.Id, to).Where(a => a.ToId > after).Take(AssociationPageSize + 1).ToList();
                var result = new JsonObject { ["from"] = new JsonObject { ["id"] = id }, ["to"] = AssociationsOf(page.Take(AssociationPageSize)) };
                if (page.Count > AssociationPageSize)
                {
                    var cursor = page[AssociationPageSize - 1].ToId.ToString(CultureInfo.InvariantCulture);
                    result["paging"] = new JsonObject { ["next"] = new JsonObject { ["after"] = cursor, ["link"] = null } };
                }

                results.Add(result);
            }
        }

        await JsonResponses.WriteAsync(context, 200, HubSpotJson.Batch(results, started, runtime.TimeProvider.GetUtcNow()));
    }

    /// <summary>
    /// <c>POST /crm/v4/associations/{from}/{to}/batch/archive</c> with <c>{"inputs":[{"from":{"id"},"to":[{"id"}]}]}</c>:
    /// removes every association (all labels) between each pair, answers 204 without a body. Pairs not associated, or
    /// records that do not exist, are skipped as HubSpot does: archiving again changes nothing.
    /// </summary>
    private static async Task BatchArchiveAssociationsAsync(HttpContext context, SimulatorRuntime runtime, string fromType, string toType)
    {
        if (await AssociationBatchAsync(context, fromType, toType) is not { } batch)
        {
            return;
        }

        var (from, to, inputs) = batch;

        if (inputs.Any(i => i["from"]?["id"] is null || i["to"] is not JsonArray))
        {
            await ValidationAsync(context, "Each input needs from.id and a to array of {\"id\"}.");
            return;
        }

        lock (runtime.HubSpot.Gate)
        {
            foreach (var input in inputs)
            {
                if (runtime.HubSpot.Get(from, input["from"]!["id"]!.ToString()) is not { } source)
                {
                    continue;
                }

                foreach (var target in input["to"]!.AsArray().OfType<JsonObject>())
                {
                    if (runtime.HubSpot.Get(to, target["id"]?.ToString() ?? string.Empty) is { } record)
                    {
                        runtime.HubSpot.Disassociate(from, source.Id, to, record.Id);
                    }
                }
            }
        }

        context.Response.StatusCode = 204;
    }

    /// <summary>Reads a v4 association batch: both object types known, a body with 1 to <paramref name="maxInputs"/>
    /// inputs; otherwise answers 400 and returns <see langword="null"/>.</summary>
    private static async Task<(string From, string To, List<JsonObject> Inputs)?> AssociationBatchAsync(HttpContext context, string fromType, string toType, int maxInputs = MaxBatchInputs)
    {
        var from = HubSpotObjectTypes.Normalize(fromType);
        var to = HubSpotObjectTypes.Normalize(toType);
        var body = await JsonResponses.ReadObjectAsync(context);
        if (from is null || to is null || body is null)
        {
            await ValidationAsync(context, "Unknown object type or invalid body.");
            return null;
        }

        return await InputsAsync(context, body, maxInputs) is { } inputs ? (from, to, inputs) : null;
    }
}
