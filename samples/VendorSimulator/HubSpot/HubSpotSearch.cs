using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace CallCrm.Connectors.VendorSimulator.HubSpot;

/// <summary>
/// HubSpot CRM search: filter groups ORed, filters inside a group ANDed; one sort; <c>after</c> offset paging;
/// documented caps (5 groups, 10 filters per group, 25 in total, <c>limit</c> 1-200, 10,000 results reachable).
/// </summary>
internal static class HubSpotSearch
{
    public const int MaxResultWindow = 10_000;
    private const int MaxLimit = 200;
    private const int DefaultLimit = 10;

    /// <summary>Runs a search; returns the response body, or a validation message for a 400.</summary>
    public static (JsonObject? Body, string? Error) Run(HubSpotStore store, string objectType, JsonObject request)
    {
        var limit = DefaultLimit;
        if (request["limit"] is { } limitNode && (!TryInt(limitNode, out limit) || limit < 1 || limit > MaxLimit))
        {
            return (null, $"limit must be between 1 and {MaxLimit}.");
        }

        var after = 0;
        if (request["after"] is { } afterNode && !TryInt(afterNode, out after))
        {
            return (null, "after must be the paging cursor returned by a previous search.");
        }

        if (after + limit > MaxResultWindow || after >= MaxResultWindow)
        {
            return (null, $"Search results are limited to {MaxResultWindow} results; narrow the filters (e.g. by lastmodifieddate) instead of paging further.");
        }

        var (groups, filterError) = ParseFilterGroups(request["filterGroups"]);
        if (filterError is not null)
        {
            return (null, filterError);
        }

        var query = request["query"]?.GetValue<string>();
        var matches = store.All(objectType)
            .Where(o => groups.Count == 0 || groups.Any(g => g.All(f => f(store, o))))
            .Where(o => string.IsNullOrWhiteSpace(query) || MatchesQuery(o, query))
            .ToList();

        Sort(matches, request["sorts"]);
        var page = matches.Skip(after).Take(limit).ToList();
        var properties = RequestedProperties(request["properties"]);
        var results = new JsonArray();
        foreach (var record in page)
        {
            results.Add(HubSpotJson.Object(record, properties));
        }

        var body = new JsonObject { ["total"] = matches.Count, ["results"] = results };
        var next = after + page.Count;
        if (next < matches.Count && next < MaxResultWindow)
        {
            body["paging"] = new JsonObject { ["next"] = new JsonObject { ["after"] = next.ToString(CultureInfo.InvariantCulture) } };
        }

        return (body, null);
    }

    public static string[]? RequestedProperties(JsonNode? node) =>
        node is JsonArray array ? array.Select(p => p?.GetValue<string>() ?? string.Empty).Where(p => p.Length > 0).ToArray() : null;

    private static bool TryInt(JsonNode node, out int value)
    {
        value = 0;
        return node.GetValueKind() switch
        {
            System.Text.Json.JsonValueKind.Number => node.AsValue().TryGetValue(out value),
            System.Text.Json.JsonValueKind.String => int.TryParse(node.GetValue<string>(), NumberStyles.None, CultureInfo.InvariantCulture, out value),
            _ => false,
        };
    }

    private static (List<List<Func<HubSpotStore, HubSpotObject, bool>>> Groups, string? Error) ParseFilterGroups(JsonNode? node)
    {
        var groups = new List<List<Func<HubSpotStore, HubSpotObject, bool>>>();
        if (node is null)
        {
            return (groups, null);
        }

        if (node is not JsonArray array || array.Count > 5)
        {
            return (groups, "filterGroups must be an array of at most 5 groups.");
        }

        var total = 0;
        foreach (var groupNode in array)
        {
            if (groupNode?["filters"] is not JsonArray filters || filters.Count > 10)
            {
                return (groups, "Each filter group must have a filters array of at most 10 filters.");
            }

            total += filters.Count;
            var group = new List<Func<HubSpotStore, HubSpotObject, bool>>();
            foreach (var filterNode in filters)
            {
                var (filter, error) = ParseFilter(filterNode as JsonObject);
                if (error is not null)
                {
                    return (groups, error);
                }

                group.Add(filter!);
            }

            groups.Add(group);
        }

        return total > 25 ? (groups, "A search may have at most 25 filters in total.") : (groups, null);
    }

    private static (Func<HubSpotStore, HubSpotObject, bool>? Filter, string? Error) ParseFilter(JsonObject? filter)
    {
        var property = filter?["propertyName"]?.GetValue<string>();
        var op = filter?["operator"]?.GetValue<string>();
        if (string.IsNullOrEmpty(property) || string.IsNullOrEmpty(op))
        {
            return (null, "Each filter needs a propertyName and an operator.");
        }

        var value = filter!["value"]?.ToString();
        var high = filter["highValue"]?.ToString();
        var values = (filter["values"] as JsonArray)?.Select(v => v?.ToString() ?? string.Empty).ToList() ?? [];
        Func<string?, bool>? test = op switch
        {
            "EQ" => v => Equal(property, v, value),
            "NEQ" => v => !Equal(property, v, value),
            "LT" => v => Compare(property, v, value) is < 0,
            "LTE" => v => Compare(property, v, value) is <= 0,
            "GT" => v => Compare(property, v, value) is > 0,
            "GTE" => v => Compare(property, v, value) is >= 0,
            "BETWEEN" => v => Compare(property, v, value) is >= 0 && Compare(property, v, high) is <= 0,
            "IN" => v => values.Any(x => Equal(property, v, x)),
            "NOT_IN" => v => !values.Any(x => Equal(property, v, x)),
            "HAS_PROPERTY" => v => !string.IsNullOrEmpty(v),
            "NOT_HAS_PROPERTY" => string.IsNullOrEmpty,
            "CONTAINS_TOKEN" => v => ContainsToken(v, value),
            "NOT_CONTAINS_TOKEN" => v => !ContainsToken(v, value),
            _ => null,
        };
        if (test is null)
        {
            return (null, $"Unknown operator {op}.");
        }

        if (property.StartsWith("associations.", StringComparison.Ordinal))
        {
            // HubSpot lets search filter by association: associations.contact EQ <contact id>.
            var target = HubSpotObjectTypes.Normalize(property["associations.".Length..]);
            if (target is null)
            {
                return (null, $"Unknown association {property}.");
            }

            return ((store, o) => store.Associated(o.ObjectType, o.Id, target).Any(a => test(a.ToId.ToString(CultureInfo.InvariantCulture))), null);
        }

        return ((_, o) => test(o.Properties.GetValueOrDefault(property)), null);
    }

    private static bool Equal(string property, string? actual, string? expected)
    {
        if (actual is null || expected is null)
        {
            return false;
        }

        if (HubSpotFormats.IsDateProperty(property) && HubSpotFormats.TryParseDate(actual, out var a) && HubSpotFormats.TryParseDate(expected, out var b))
        {
            return a == b;
        }

        // HubSpot string equality in search is case-insensitive.
        return string.Equals(actual, expected, StringComparison.OrdinalIgnoreCase);
    }

    private static int? Compare(string property, string? actual, string? bound)
    {
        if (actual is null || bound is null)
        {
            return null;
        }

        if (HubSpotFormats.IsDateProperty(property))
        {
            return HubSpotFormats.TryParseDate(actual, out var a) && HubSpotFormats.TryParseDate(bound, out var b) ? a.CompareTo(b) : null;
        }

        if (decimal.TryParse(actual, NumberStyles.Number, CultureInfo.InvariantCulture, out var x) && decimal.TryParse(bound, NumberStyles.Number, CultureInfo.InvariantCulture, out var y))
        {
            return x.CompareTo(y);
        }

        return string.Compare(actual, bound, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Tokens are split on white space and punctuation (<c>;</c> separates multi-checkbox values); <c>*</c> is a wildcard.</summary>
    private static bool ContainsToken(string? actual, string? token)
    {
        if (string.IsNullOrEmpty(actual) || string.IsNullOrEmpty(token))
        {
            return false;
        }

        var pattern = new Regex("^" + Regex.Escape(token).Replace("\\*", ".*", StringComparison.Ordinal) + "$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        return actual.Split([' ', ';', ',', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries).Append(actual).Any(pattern.IsMatch);
    }

    private static bool MatchesQuery(HubSpotObject record, string query) =>
        record.Properties.Values.Any(v => v is not null && v.Contains(query, StringComparison.OrdinalIgnoreCase));

    private static void Sort(List<HubSpotObject> matches, JsonNode? sorts)
    {
        var first = (sorts as JsonArray)?.FirstOrDefault();
        var (property, descending) = first switch
        {
            JsonObject o => (o["propertyName"]?.GetValue<string>() ?? "hs_object_id", string.Equals(o["direction"]?.GetValue<string>(), "DESCENDING", StringComparison.Ordinal)),
            JsonValue v => (v.GetValue<string>(), false),
            _ => ("hs_object_id", false),
        };

        var comparer = Comparer<HubSpotObject>.Create((a, b) =>
        {
            var va = a.Properties.GetValueOrDefault(property);
            var vb = b.Properties.GetValueOrDefault(property);
            if (va is null || vb is null)
            {
                // Records without the property come last in either direction.
                return va is null ? (vb is null ? a.Id.CompareTo(b.Id) : 1) : -1;
            }

            var byValue = Compare(property, va, vb) ?? 0;
            return byValue != 0 ? (descending ? -byValue : byValue) : a.Id.CompareTo(b.Id);
        });
        matches.Sort(comparer);
    }
}
