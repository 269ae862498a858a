using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using CallCrm.Connectors.Errors;

namespace CallCrm.Connectors.Http.ErrorHandling;

/// <summary>Finds field errors in the JSON bodies vendors send with 400 and 422 answers. It knows the common shapes, no
/// vendor's own: RFC 9457 validation problem details (<c>errors: { field: [messages] }</c>), arrays of
/// <c>{ field|name|property|param|path, message|detail|reason }</c> under <c>errors</c>/<c>fieldErrors</c>/
/// <c>validationErrors</c>/<c>details</c>/<c>fieldViolations</c>, JSON:API (<c>source.pointer</c>) and the
/// <c>google.rpc.BadRequest</c> detail (<c>error.details[].fieldViolations</c>, AIP-193). A vendor's own shape is read by its
/// provider through <see cref="ConnectorHttpClientOptions.FieldErrorReader"/>, asked first.</summary>
internal static class FieldErrorParser
{
    private const int MaxErrors = 100;
    private const int MaxDepth = 4;

    private static readonly string[] ListNames = ["errors", "fieldErrors", "field_errors", "validationErrors", "validation_errors", "details", "fieldViolations", "invalid_params", "invalidParams"];
    private static readonly string[] FieldNames = ["field", "fieldName", "name", "property", "propertyName", "param", "parameter", "path", "attribute", "key"];
    private static readonly string[] ReasonNames = ["message", "detail", "reason", "description", "msg", "error", "code", "errorCode"];

    /// <summary>Parses <paramref name="body"/>; anything that is not JSON or has no known shape gives an empty list.</summary>
    /// <param name="body">The start of the error body.</param>
    /// <param name="vendorReader">The provider's reader of its vendor's own shape, asked first: when it finds field errors they
    /// are the answer; otherwise the common shapes are searched.</param>
    public static IReadOnlyList<FieldError> Parse(ReadOnlyMemory<byte> body, Func<JsonElement, IReadOnlyList<FieldError>>? vendorReader = null)
    {
        var found = new List<FieldError>();
        try
        {
            using var document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 32 });
            if (vendorReader?.Invoke(document.RootElement) is { Count: > 0 } vendor)
            {
                return vendor.Count > MaxErrors ? vendor.Take(MaxErrors).ToList() : vendor;
            }

            Visit(document.RootElement, found, 0);
        }
        catch (JsonException)
        {
            // An error body that is not JSON (an HTML error page) simply has no field errors.
        }

        return found;
    }

    private static void Visit(JsonElement element, List<FieldError> found, int depth)
    {
        if (depth > MaxDepth || found.Count >= MaxErrors)
        {
            return;
        }

        if (element.ValueKind == JsonValueKind.Array)
        {
            ReadArray(element, found, depth);
            return;
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        foreach (var name in ListNames)
        {
            if (!TryGetProperty(element, name, out var list))
            {
                continue;
            }

            if (list.ValueKind == JsonValueKind.Array)
            {
                ReadArray(list, found, depth);
            }
            else if (list.ValueKind == JsonValueKind.Object)
            {
                ReadMap(list, found);
            }
        }

        if (TryGetProperty(element, "error", out var nested) && nested.ValueKind == JsonValueKind.Object)
        {
            Visit(nested, found, depth + 1);
        }
    }

    // { "Email": ["is not valid", "is required"], "Phone": "too long" } (ASP.NET Core ValidationProblemDetails and friends).
    private static void ReadMap(JsonElement map, List<FieldError> found)
    {
        foreach (var property in map.EnumerateObject())
        {
            if (property.Value.ValueKind == JsonValueKind.Array)
            {
                foreach (var message in property.Value.EnumerateArray())
                {
                    Add(found, property.Name, message.ValueKind == JsonValueKind.String ? message.GetString() : FindString(message, ReasonNames));
                }
            }
            else if (property.Value.ValueKind == JsonValueKind.String)
            {
                Add(found, property.Name, property.Value.GetString());
            }
            else if (property.Value.ValueKind == JsonValueKind.Object)
            {
                Add(found, property.Name, FindString(property.Value, ReasonNames));
            }
        }
    }

    private static void ReadArray(JsonElement array, List<FieldError> found, int depth)
    {
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object || found.Count >= MaxErrors)
            {
                continue;
            }

            var reason = FindString(item, ReasonNames);
            var fields = FindFields(item);
            foreach (var field in fields)
            {
                Add(found, field, reason);
            }

            if (fields.Count == 0)
            {
                // A wrapper such as Google's { "@type": "...BadRequest", "fieldViolations": [...] }.
                Visit(item, found, depth + 1);
            }
        }
    }

    private static List<string> FindFields(JsonElement item)
    {
        var fields = new List<string>();
        if (FindString(item, FieldNames) is { } direct)
        {
            fields.Add(direct);
        }
        else if (TryGetProperty(item, "source", out var source) && source.ValueKind == JsonValueKind.Object
            && FindString(source, ["pointer", "parameter", "header"]) is { } pointer)
        {
            // JSON:API: "/data/attributes/email" names the field "email".
            fields.Add(pointer.TrimEnd('/')[(pointer.TrimEnd('/').LastIndexOf('/') + 1)..]);
        }

        return fields;
    }

    private static string? FindString(JsonElement element, string[] names)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (var name in names)
        {
            if (TryGetProperty(element, name, out var value) && value.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(value.GetString()))
            {
                return value.GetString();
            }
        }

        return null;
    }

    private static bool TryGetProperty(JsonElement element, string name, out JsonElement value)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                value = property.Value;
                return true;
            }
        }

        value = default;
        return false;
    }

    private static void Add(List<FieldError> found, string field, string? reason)
    {
        if (found.Count < MaxErrors && !string.IsNullOrWhiteSpace(field))
        {
            found.Add(new FieldError(field, string.IsNullOrWhiteSpace(reason) ? "invalid" : reason));
        }
    }
}
