using System;
using System.Collections.Generic;
using System.Text.Json;
using CallCrm.Connectors.Errors;
using CallCrm.Connectors.HubSpot.Api;

namespace CallCrm.Connectors.HubSpot.Internal;

/// <summary>
/// Reads HubSpot's 400 <c>VALIDATION_ERROR</c> for a batch, which refuses the whole batch for one bad input and names
/// the property and the refused value (<c>Property values were not valid: [{"name":…,"invalidValue":…}]</c>) but not
/// the input. The inputs holding exactly that value are the culprits; when none can be pinned, the sink bisects.
/// </summary>
internal static class ValidationErrorReader
{
    private const string Marker = "Property values were not valid:";

    public static IReadOnlyList<PropertyProblem> Problems(ErrorDto? error)
    {
        var problems = new List<PropertyProblem>();
        var message = error?.Message;
        var start = message?.IndexOf(Marker, StringComparison.Ordinal) ?? -1;
        if (message is null || start < 0)
        {
            return problems;
        }

        var json = message[(start + Marker.Length)..].Trim();
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                return problems;
            }

            foreach (var item in document.RootElement.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.Object && String(item, "name") is { Length: > 0 } name)
                {
                    problems.Add(new PropertyProblem(name, String(item, "invalidValue"), String(item, "error") ?? "INVALID", String(item, "message")));
                }
            }
        }
        catch (JsonException)
        {
            // A message in another shape names no property: the caller bisects.
        }

        return problems;
    }

    /// <summary>The indexes of the inputs that hold a refused value; empty when the problems pin no input.</summary>
    public static Dictionary<int, List<FieldError>> Culprits(IReadOnlyList<IReadOnlyDictionary<string, string?>> inputs, IReadOnlyList<PropertyProblem> problems)
    {
        var culprits = new Dictionary<int, List<FieldError>>();
        foreach (var problem in problems)
        {
            for (var i = 0; i < inputs.Count; i++)
            {
                var has = inputs[i].TryGetValue(problem.Name, out var value);
                var matches = problem.InvalidValue is null
                    ? problem.Code == "REQUIRED_PROPERTY" && (!has || string.IsNullOrEmpty(value))
                    : has && string.Equals(value, problem.InvalidValue, StringComparison.Ordinal);
                if (matches)
                {
                    if (!culprits.TryGetValue(i, out var errors))
                    {
                        culprits[i] = errors = [];
                    }

                    errors.Add(problem.ToFieldError());
                }
            }
        }

        return culprits;
    }

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}

/// <summary>One refused property value.</summary>
internal sealed record PropertyProblem(string Name, string? InvalidValue, string Code, string? Message)
{
    // The reason is HubSpot's error code, never the message: messages quote the refused value, which may be personal data.
    public FieldError ToFieldError() => new(Name, Code);
}
