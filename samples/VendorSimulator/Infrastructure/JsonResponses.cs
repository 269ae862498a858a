using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace CallCrm.Connectors.VendorSimulator.Infrastructure;

/// <summary>
/// Writes vendor payloads. The simulator builds its wire shapes with <see cref="JsonNode"/> (no reflection) so it
/// controls exactly which fields are null and which are absent, as the vendors do.
/// </summary>
internal static class JsonResponses
{
    // Vendors send "+", "<" and non-ASCII characters as they are, not as \u escapes; this is an API, not HTML.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static async Task WriteAsync(HttpContext context, int status, JsonNode body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        await using var writer = new Utf8JsonWriter(context.Response.Body, WriterOptions);
        body.WriteTo(writer);
        await writer.FlushAsync(context.RequestAborted);
    }

    /// <summary>Reads the request body as a JSON object, or returns <see langword="null"/> when it is not one.</summary>
    public static async Task<JsonObject?> ReadObjectAsync(HttpContext context)
    {
        try
        {
            return await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
