using System;
using System.Collections.Generic;
using System.Text.Json;
using CallCrm.Connectors.Errors;

namespace CallCrm.Connectors.HubSpot.Internal;

/// <summary>Reads the fields HubSpot names in a 400 answer for the HTTP client (<c>ConnectorHttpClientOptions.FieldErrorReader</c>):
/// <c>{"category":"VALIDATION_ERROR","errors":[{"message":…,"context":{"propertyName":["hs_call_foo"]}}]}</c>, the property names under
/// each error's <c>context.propertyName</c> (an array, or a string in older answers).</summary>
internal static class HubSpotFieldErrors
{
    private const int MaxErrors = 100;

    public static IReadOnlyList<FieldError> Read(JsonElement root)
    {
        var found = new List<FieldError>();
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("errors", out var errors) || errors.ValueKind != JsonValueKind.Array)
        {
            return found;
        }

        foreach (var error in errors.EnumerateArray())
        {
            if (error.ValueKind != JsonValueKind.Object
                || !error.TryGetProperty("context", out var context) || context.ValueKind != JsonValueKind.Object
                || !context.TryGetProperty("propertyName", out var names))
            {
                continue;
            }

            var reason = error.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String
                && !string.IsNullOrWhiteSpace(message.GetString())
                ? message.GetString()!
                : "invalid";
            if (names.ValueKind == JsonValueKind.String)
            {
                Add(found, names.GetString(), reason);
            }
            else if (names.ValueKind == JsonValueKind.Array)
            {
                foreach (var name in names.EnumerateArray())
                {
                    Add(found, name.ValueKind == JsonValueKind.String ? name.GetString() : null, reason);
                }
            }
        }

        return found;
    }

    private static void Add(List<FieldError> found, string? field, string reason)
    {
        if (found.Count < MaxErrors && !string.IsNullOrWhiteSpace(field))
        {
            found.Add(new FieldError(field, reason));
        }
    }
}
