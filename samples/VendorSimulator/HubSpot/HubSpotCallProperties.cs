using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CallCrm.Connectors.VendorSimulator.HubSpot;

/// <summary>
/// The call engagement's property schema: HubSpot's default call properties plus the custom unique
/// <c>callcrm_source_call_id</c>. Unknown names and bad enum values are refused as HubSpot refuses them.
/// </summary>
internal static class HubSpotCallProperties
{
    private static readonly HashSet<string> Known = new(StringComparer.Ordinal)
    {
        "hs_timestamp", "hs_call_title", "hs_call_body", "hs_call_direction", "hs_call_disposition", "hs_call_duration",
        "hs_call_from_number", "hs_call_to_number", "hs_call_recording_url", "hs_call_status", "hs_call_source",
        "hs_call_callee_object_id", "hs_call_callee_object_type", "hubspot_owner_id", "hs_activity_type", "hs_attachment_ids",
        HubSpotObjectTypes.SourceCallIdProperty,
    };

    private static readonly HashSet<string> ReadOnly = new(StringComparer.Ordinal) { "hs_object_id", "hs_createdate", "hs_lastmodifieddate" };

    private static readonly string[] Directions = ["INBOUND", "OUTBOUND"];

    private static readonly string[] Statuses = ["BUSY", "CALLING_CRM_USER", "CANCELED", "COMPLETED", "CONNECTING", "FAILED", "IN_PROGRESS", "NO_ANSWER", "QUEUED", "RINGING"];

    /// <summary>Parses and validates a <c>properties</c> object; returns the normalized values or HubSpot's error list.</summary>
    public static (Dictionary<string, string?> Properties, List<string> Errors) Parse(JsonNode? node, bool requireTimestamp)
    {
        var properties = new Dictionary<string, string?>(StringComparer.Ordinal);
        var errors = new List<string>();
        if (node is not JsonObject json)
        {
            errors.Add("properties must be an object of property names to string values");
            return (properties, errors);
        }

        foreach (var (name, valueNode) in json)
        {
            var value = valueNode switch
            {
                null => null,
                JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
                JsonValue v => v.ToJsonString(),
                _ => null,
            };
            if (!Known.Contains(name) || ReadOnly.Contains(name))
            {
                errors.Add(PropertyError(name, value, ReadOnly.Contains(name) ? "READ_ONLY_VALUE" : "PROPERTY_DOESNT_EXIST", $"Property \"{name}\" does not exist"));
                continue;
            }

            if (value is not null && !TryNormalize(name, ref value, out var problem))
            {
                errors.Add(PropertyError(name, value, "INVALID_OPTION", problem));
                continue;
            }

            properties[name] = value;
        }

        if (requireTimestamp && string.IsNullOrEmpty(properties.GetValueOrDefault("hs_timestamp")))
        {
            errors.Add(PropertyError("hs_timestamp", null, "REQUIRED_PROPERTY", "hs_timestamp is required for engagements"));
        }

        return (properties, errors);
    }

    /// <summary>The VALIDATION_ERROR message that names no property, value or input (<c>HubSpotUnnamedValidationErrors</c>).</summary>
    public const string UnnamedMessage = "Invalid input: one or more inputs of the request were refused.";

    /// <summary>HubSpot's VALIDATION_ERROR message: "Property values were not valid: [ ... ]" listing each problem as JSON.</summary>
    public static string Message(IEnumerable<string> errors) => "Property values were not valid: [" + string.Join(",", errors) + "]";

    private static bool TryNormalize(string name, ref string value, out string problem)
    {
        problem = string.Empty;
        switch (name)
        {
            case "hs_timestamp":
                if (!HubSpotFormats.TryParseDate(value, out var instant))
                {
                    problem = $"{value} is not a valid datetime: use epoch milliseconds or ISO 8601";
                    return false;
                }

                value = HubSpotFormats.Date(instant);
                return true;
            case "hs_call_direction" when !Directions.Contains(value, StringComparer.Ordinal):
                problem = $"{value} was not one of the allowed options: [INBOUND, OUTBOUND]";
                return false;
            case "hs_call_status" when !Statuses.Contains(value, StringComparer.Ordinal):
                problem = $"{value} was not one of the allowed options: [{string.Join(", ", Statuses)}]";
                return false;
            case "hs_call_duration" when value.Length == 0 || !value.All(char.IsAsciiDigit):
                problem = $"{value} is not a valid number of milliseconds";
                return false;
            default:
                return true;
        }
    }

    private static string PropertyError(string name, string? value, string error, string message) => new JsonObject
    {
        ["isValid"] = false,
        ["message"] = message,
        ["error"] = error,
        ["name"] = name,
        ["localizedErrorMessage"] = message,
        ["invalidValue"] = value,
    }.ToJsonString();
}
