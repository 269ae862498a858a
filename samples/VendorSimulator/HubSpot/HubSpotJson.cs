using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;

namespace CallCrm.Connectors.VendorSimulator.HubSpot;

/// <summary>Renders CRM records as HubSpot's <c>SimplePublicObject</c>: every property value is a string or null.</summary>
internal static class HubSpotJson
{
    /// <summary>
    /// Renders <paramref name="record"/> with the requested properties (plus id, create and modify dates), the type's
    /// default properties when none are requested, or all properties when <paramref name="all"/> is set (writes echo
    /// back what was stored).
    /// </summary>
    public static JsonObject Object(HubSpotObject record, IReadOnlyCollection<string>? requested, bool all = false)
    {
        IEnumerable<string> names = all
            ? record.Properties.Keys.Order(System.StringComparer.Ordinal)
            : requested is { Count: > 0 }
                ? requested.Concat(["hs_object_id", HubSpotObjectTypes.CreatedProperty(record.ObjectType), HubSpotObjectTypes.LastModifiedProperty(record.ObjectType)]).Distinct()
                : HubSpotObjectTypes.DefaultProperties(record.ObjectType);
        var properties = new JsonObject();
        foreach (var name in names)
        {
            properties[name] = record.Properties.GetValueOrDefault(name);
        }

        return new JsonObject
        {
            ["id"] = record.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["properties"] = properties,
            ["createdAt"] = HubSpotFormats.Date(record.CreatedAt),
            ["updatedAt"] = HubSpotFormats.Date(record.UpdatedAt),
            ["archived"] = false,
        };
    }

    /// <summary>A batch response envelope: <c>{"status":"COMPLETE","results":[...],"startedAt":...,"completedAt":...}</c>.</summary>
    public static JsonObject Batch(JsonArray results, System.DateTimeOffset startedAt, System.DateTimeOffset completedAt, JsonArray? errors = null)
    {
        var body = new JsonObject
        {
            ["status"] = "COMPLETE",
            ["results"] = results,
            ["startedAt"] = HubSpotFormats.Date(startedAt),
            ["completedAt"] = HubSpotFormats.Date(completedAt),
        };
        if (errors is { Count: > 0 })
        {
            body["numErrors"] = errors.Count;
            body["errors"] = errors;
        }

        return body;
    }
}
