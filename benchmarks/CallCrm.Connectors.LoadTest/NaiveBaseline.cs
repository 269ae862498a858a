using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CallCrm.Connectors.VendorSimulator;

namespace CallCrm.Connectors.LoadTest;

/// <summary>
/// The same job written the way a first integration often is: a plain <see cref="HttpClient"/>, Twilio pages read in
/// turn, one <c>POST /crm/v3/objects/calls</c> per call, and on any failure a fixed one-second wait and another try
/// (five tries in all). No rate limiter, no batching, no state: it runs for a fixed window and counts what it stored.
/// </summary>
internal sealed class NaiveBaseline(Uri simulator)
{
    private const int MaxAttempts = 5;
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    public long Stored { get; private set; }

    public long Requests { get; private set; }

    public long Throttled { get; private set; }

    public long Retries { get; private set; }

    public long GaveUp { get; private set; }

    public TimeSpan Elapsed { get; private set; }

    public async Task RunAsync(TimeSpan window, CancellationToken cancellationToken)
    {
        using var windowEnd = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        windowEnd.CancelAfter(window);
        using var twilio = new HttpClient { BaseAddress = simulator };
        twilio.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(SimulatorCredentials.TwilioAccountSid + ":" + SimulatorCredentials.TwilioAuthToken)));
        using var hubspot = new HttpClient { BaseAddress = simulator };
        hubspot.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", SimulatorCredentials.HubSpotAccessToken);

        var stopwatch = Stopwatch.StartNew();
        try
        {
            string? page = $"2010-04-01/Accounts/{SimulatorCredentials.TwilioAccountSid}/Calls.json?PageSize=1000";
            while (page is not null)
            {
                using var calls = await GetWithRetriesAsync(twilio, page, windowEnd.Token);
                foreach (var call in calls.RootElement.GetProperty("calls").EnumerateArray())
                {
                    await CreateWithRetriesAsync(hubspot, ToHubSpotCall(call), windowEnd.Token);
                }

                page = calls.RootElement.GetProperty("next_page_uri").GetString()?.TrimStart('/');
            }
        }
        catch (OperationCanceledException) when (windowEnd.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // The window is over.
        }

        Elapsed = stopwatch.Elapsed;
    }

    private async Task<JsonDocument> GetWithRetriesAsync(HttpClient client, string uri, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var response = await client.GetAsync(uri, cancellationToken);
            if (response.IsSuccessStatusCode || attempt == MaxAttempts)
            {
                response.EnsureSuccessStatusCode();
                return await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
            }

            await Task.Delay(RetryDelay, cancellationToken);
        }
    }

    private async Task CreateWithRetriesAsync(HttpClient client, string body, CancellationToken cancellationToken)
    {
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            if (attempt > 1)
            {
                Retries++;
                await Task.Delay(RetryDelay, cancellationToken);
            }

            using var content = new StringContent(body, Encoding.UTF8, "application/json");
            Requests++;
            HttpResponseMessage response;
            try
            {
                response = await client.PostAsync("crm/v3/objects/calls", content, cancellationToken);
            }
            catch (HttpRequestException)
            {
                continue;
            }

            using (response)
            {
                if (response.IsSuccessStatusCode)
                {
                    Stored++;
                    return;
                }

                if (response.StatusCode == HttpStatusCode.TooManyRequests)
                {
                    Throttled++;
                }
            }
        }

        GaveUp++;
    }

    private static string ToHubSpotCall(JsonElement call)
    {
        var startText = call.GetProperty("start_time").GetString() ?? call.GetProperty("date_created").GetString()!;
        var start = DateTimeOffset.Parse(startText, CultureInfo.InvariantCulture);
        var seconds = int.TryParse(call.TryGetProperty("duration", out var duration) && duration.ValueKind == JsonValueKind.String ? duration.GetString() : null, CultureInfo.InvariantCulture, out var d) ? d : 0;
        var properties = new JsonObject
        {
            ["hs_timestamp"] = start.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
            ["hs_call_direction"] = call.GetProperty("direction").GetString() == "inbound" ? "INBOUND" : "OUTBOUND",
            ["hs_call_status"] = call.GetProperty("status").GetString()!.Replace('-', '_').ToUpperInvariant(),
            ["hs_call_duration"] = (seconds * 1000L).ToString(CultureInfo.InvariantCulture),
            ["hs_call_from_number"] = call.GetProperty("from").GetString(),
            ["hs_call_to_number"] = call.GetProperty("to").GetString(),
            ["callcrm_source_call_id"] = "twilio:" + call.GetProperty("sid").GetString(),
        };
        return new JsonObject { ["properties"] = properties }.ToJsonString();
    }
}
