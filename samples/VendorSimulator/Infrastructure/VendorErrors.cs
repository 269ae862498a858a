using System.Globalization;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using CallCrm.Connectors.VendorSimulator.Faults;
using Microsoft.AspNetCore.Http;

namespace CallCrm.Connectors.VendorSimulator.Infrastructure;

/// <summary>Each vendor's documented error body.</summary>
internal static class VendorErrors
{
    /// <summary>Twilio: <c>{"code":20003,"message":"...","more_info":"https://www.twilio.com/docs/errors/20003","status":401}</c>.</summary>
    public static Task TwilioAsync(HttpContext context, int status, int code, string message) =>
        JsonResponses.WriteAsync(context, status, new JsonObject
        {
            ["code"] = code,
            ["message"] = message,
            ["more_info"] = "https://www.twilio.com/docs/errors/" + code.ToString(CultureInfo.InvariantCulture),
            ["status"] = status,
        });

    /// <summary>HubSpot: <c>{"status":"error","message":"...","correlationId":"...","category":"..."}</c>.</summary>
    public static Task HubSpotAsync(HttpContext context, int status, string category, string message, JsonObject? extra = null)
    {
        var body = new JsonObject
        {
            ["status"] = "error",
            ["message"] = message,
            ["correlationId"] = Correlation.NewId(),
            ["category"] = category,
        };
        if (extra is not null)
        {
            foreach (var (key, value) in extra)
            {
                body[key] = value?.DeepClone();
            }
        }

        return JsonResponses.WriteAsync(context, status, body);
    }

    /// <summary>The call system (our own webhook contract): <c>{"error":"...","message":"..."}</c>.</summary>
    public static Task CallSystemAsync(HttpContext context, int status, string error, string message) =>
        JsonResponses.WriteAsync(context, status, new JsonObject { ["error"] = error, ["message"] = message });

    /// <summary>An injected or outage server error in <paramref name="vendor"/>'s shape.</summary>
    public static Task ServerErrorAsync(HttpContext context, SimulatedVendor vendor, int status) => vendor switch
    {
        SimulatedVendor.Twilio => TwilioAsync(context, status, status == 503 ? 20503 : 20500, status == 503 ? "Service Unavailable" : "Internal Server Error"),
        SimulatedVendor.HubSpot => HubSpotAsync(context, status, status == 503 ? "SERVICE_UNAVAILABLE" : "INTERNAL_ERROR", status == 503 ? "Service unavailable" : "internal error"),
        _ => CallSystemAsync(context, status, status == 503 ? "service_unavailable" : "internal_error", "Simulated server error."),
    };
}
