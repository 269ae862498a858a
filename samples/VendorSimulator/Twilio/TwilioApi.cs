using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using CallCrm.Connectors.VendorSimulator.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CallCrm.Connectors.VendorSimulator.Twilio;

/// <summary>
/// Twilio Voice REST API 2010-04-01: Calls (list, fetch) and Recordings (per call, per account), HTTP basic auth
/// with Account SID + auth token or API key SID + secret, 429/20429 on excess concurrency.
/// </summary>
internal static class TwilioApi
{
    private const int DefaultPageSize = 50;
    private const int MaxPageSize = 1000;

    private static readonly string[] PagingParameters = ["PageSize", "Page", "PageToken"];

    public static void Map(IEndpointRouteBuilder app)
    {
        var accounts = app.MapGroup("/2010-04-01/Accounts/{accountSid}");
        accounts.MapGet("/Calls.json", (HttpContext context, string accountSid, SimulatorRuntime runtime) =>
            GuardAsync(context, runtime, accountSid, () => ListCallsAsync(context, runtime, accountSid)));
        accounts.MapGet("/Calls/{sid}.json", (HttpContext context, string accountSid, string sid, SimulatorRuntime runtime) =>
            GuardAsync(context, runtime, accountSid, () => FetchCallAsync(context, runtime, accountSid, sid)));
        accounts.MapGet("/Calls/{callSid}/Recordings.json", (HttpContext context, string accountSid, string callSid, SimulatorRuntime runtime) =>
            GuardAsync(context, runtime, accountSid, () => ListCallRecordingsAsync(context, runtime, accountSid, callSid)));
        accounts.MapGet("/Recordings.json", (HttpContext context, string accountSid, SimulatorRuntime runtime) =>
            GuardAsync(context, runtime, accountSid, () => ListAccountRecordingsAsync(context, runtime, accountSid)));
    }

    /// <summary>Authentication, account check and rate limits, in Twilio's order, around every operation.</summary>
    private static async Task GuardAsync(HttpContext context, SimulatorRuntime runtime, string accountSid, Func<Task> operation)
    {
        var options = runtime.Options;
        if (!IsAuthenticated(context.Request, options))
        {
            context.Response.Headers.WWWAuthenticate = "Basic realm=\"Twilio API\"";
            await VendorErrors.TwilioAsync(context, 401, 20003, "Authenticate");
            return;
        }

        if (!string.Equals(accountSid, options.TwilioAccountSid, StringComparison.Ordinal))
        {
            await VendorErrors.TwilioAsync(context, 404, 20404, $"The requested resource {context.Request.Path} was not found");
            return;
        }

        var limits = runtime.Faults.Current;
        // Counted by the fault middleware from the request's arrival (its latency is part of the request).
        var concurrent = Volatile.Read(ref runtime.TwilioInFlight);
        var perSecondRejected = limits.TwilioRequestsPerSecond > 0
            && !runtime.TwilioPerSecond.TryAcquire(runtime.TimeProvider.GetUtcNow(), limits.TwilioRequestsPerSecond).Admitted;
        if (concurrent > limits.TwilioConcurrencyLimit || perSecondRejected)
        {
            runtime.Counters.Throttle();
            context.Response.Headers["Twilio-Concurrent-Requests"] = concurrent.ToString(CultureInfo.InvariantCulture);
            if (limits.TwilioRetryAfter)
            {
                context.Response.Headers.RetryAfter = "1";
            }

            await VendorErrors.TwilioAsync(context, 429, 20429, "Too Many Requests");
            return;
        }

        await operation();
    }

    private static bool IsAuthenticated(HttpRequest request, SimulatorOptions options)
    {
        if (!AuthenticationHeaderValue.TryParse(request.Headers.Authorization, out var header)
            || !string.Equals(header.Scheme, "Basic", StringComparison.OrdinalIgnoreCase)
            || header.Parameter is null)
        {
            return false;
        }

        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header.Parameter));
        }
        catch (FormatException)
        {
            return false;
        }

        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return false;
        }

        var user = decoded[..colon];
        var password = decoded[(colon + 1)..];
        return (user == options.TwilioAccountSid && password == options.TwilioAuthToken)
            || (user == options.TwilioApiKeySid && password == options.TwilioApiKeySecret);
    }

    private static async Task ListCallsAsync(HttpContext context, SimulatorRuntime runtime, string accountSid)
    {
        var query = context.Request.Query;
        if (!TryBuildCallFilter(query, out var filter, out var error))
        {
            await VendorErrors.TwilioAsync(context, 400, 20001, error);
            return;
        }

        // The pages of one list repeat its filters: the filtered list is kept until the store changes, so paging through
        // a large account does not filter every call again for each page.
        var calls = runtime.Twilio.Filtered("calls?" + FilterQuery(query), all => all.Where(filter).ToList());
        await PageAsync(context, calls, "calls", call => call.Sid, call => TwilioJson.Call(call, accountSid), runtime);
    }

    private static async Task FetchCallAsync(HttpContext context, SimulatorRuntime runtime, string accountSid, string sid)
    {
        var json = runtime.Twilio.Read((_, bySid) => bySid.TryGetValue(sid, out var call) ? TwilioJson.Call(call, accountSid) : null);
        if (json is null)
        {
            await VendorErrors.TwilioAsync(context, 404, 20404, $"The requested resource {context.Request.Path} was not found");
            return;
        }

        await JsonResponses.WriteAsync(context, 200, json);
    }

    private static async Task ListCallRecordingsAsync(HttpContext context, SimulatorRuntime runtime, string accountSid, string callSid)
    {
        var recordings = runtime.Twilio.Read((_, bySid) =>
            bySid.TryGetValue(callSid, out var call) ? (call.Recording is { } r ? [r] : new List<TwilioRecording>()) : null);
        if (recordings is null)
        {
            await VendorErrors.TwilioAsync(context, 404, 20404, $"The requested resource {context.Request.Path} was not found");
            return;
        }

        await PageAsync(context, recordings, "recordings", r => r.Sid, r => TwilioJson.CallRecording(r, accountSid), runtime);
    }

    private static async Task ListAccountRecordingsAsync(HttpContext context, SimulatorRuntime runtime, string accountSid)
    {
        var query = context.Request.Query;
        var callSid = query["CallSid"].ToString();
        var predicates = new List<Func<TwilioRecording, bool>>();
        foreach (var (name, value) in query.Select(p => (p.Key, p.Value.ToString())))
        {
            if (name is not ("DateCreated" or "DateCreated>" or "DateCreated<"))
            {
                continue;
            }

            // Twilio filters recordings by creation date: on that day or second, on or after, on or before.
            if (!TwilioFormats.TryParseFilter(value, out var instant, out var dateOnly))
            {
                await VendorErrors.TwilioAsync(context, 400, 20001, $"{name} is not a valid date: use YYYY-MM-DD or an ISO 8601 date-time");
                return;
            }

            var matches = DateFilter(name[^1], instant, dateOnly);
            predicates.Add(r => matches(r.DateCreated));
        }

        var recordings = runtime.Twilio.Filtered("recordings?" + FilterQuery(query), all => all
            .Where(c => c.Recording is { } r && (callSid.Length == 0 || c.Sid == callSid) && predicates.TrueForAll(p => p(r)))
            .Select(c => c.Recording!)
            .ToList());
        await PageAsync(context, recordings, "recordings", r => r.Sid, r => TwilioJson.AccountRecording(r, accountSid), runtime);
    }

    /// <summary>
    /// Twilio's paging: <c>PageSize</c> (default 50, max 1000), <c>Page</c> (client state) and <c>PageToken</c>
    /// (<c>PA&lt;sid&gt;</c>: after that item; <c>PB&lt;sid&gt;</c>: before it). Page URIs repeat the filters.
    /// </summary>
    private static async Task PageAsync<T>(HttpContext context, List<T> items, string key, Func<T, string> sidOf, Func<T, JsonObject> render, SimulatorRuntime runtime)
    {
        var query = context.Request.Query;
        var pageSize = DefaultPageSize;
        var page = 0;
        if (query.TryGetValue("PageSize", out var sizeText) && (!int.TryParse(sizeText, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) || pageSize < 1 || pageSize > MaxPageSize))
        {
            await VendorErrors.TwilioAsync(context, 400, 20001, $"PageSize must be between 1 and {MaxPageSize}");
            return;
        }

        if (query.TryGetValue("Page", out var pageText) && (!int.TryParse(pageText, NumberStyles.None, CultureInfo.InvariantCulture, out page) || page < 0))
        {
            await VendorErrors.TwilioAsync(context, 400, 20001, "Page must be a non-negative integer");
            return;
        }

        var token = query["PageToken"].ToString();
        int startIndex;
        if (token.Length > 2 && (token.StartsWith("PA", StringComparison.Ordinal) || token.StartsWith("PB", StringComparison.Ordinal)))
        {
            var anchor = TwilioStore.IndexOf(items, token[2..], sidOf);
            if (anchor < 0)
            {
                await VendorErrors.TwilioAsync(context, 400, 20001, "Invalid PageToken");
                return;
            }

            startIndex = token[1] == 'A' ? anchor + 1 : Math.Max(0, anchor - pageSize);
        }
        else if (token.Length > 0)
        {
            await VendorErrors.TwilioAsync(context, 400, 20001, "Invalid PageToken");
            return;
        }
        else
        {
            // Without a token, Page is honoured as an offset, as the legacy API did.
            startIndex = (int)Math.Min((long)page * pageSize, items.Count);
        }

        var pageItems = items.Skip(startIndex).Take(pageSize).ToList();
        var basePath = context.Request.Path.Value!;
        var filters = FilterQuery(query);
        string PageUri(int pageNumber, string? pageToken) =>
            $"{basePath}?{filters}PageSize={pageSize.ToString(CultureInfo.InvariantCulture)}&Page={pageNumber.ToString(CultureInfo.InvariantCulture)}"
            + (pageToken is null ? string.Empty : "&PageToken=" + Uri.EscapeDataString(pageToken));

        var hasNext = startIndex + pageItems.Count < items.Count && pageItems.Count > 0;
        var array = new JsonArray();
        runtime.Twilio.Read((_, _) =>
        {
            // Rendered under the store lock: calls change status in place.
            foreach (var item in pageItems)
            {
                array.Add(render(item));
            }

            return 0;
        });

        var start = page * pageSize;
        var body = new JsonObject
        {
            [key] = array,
            ["end"] = pageItems.Count == 0 ? start : start + pageItems.Count - 1,
            ["first_page_uri"] = PageUri(0, null),
            ["next_page_uri"] = hasNext ? PageUri(page + 1, "PA" + sidOf(pageItems[^1])) : null,
            ["page"] = page,
            ["page_size"] = pageSize,
            ["previous_page_uri"] = page > 0 && pageItems.Count > 0 ? PageUri(page - 1, "PB" + sidOf(pageItems[0])) : null,
            ["start"] = start,
            ["uri"] = PageUri(page, token.Length == 0 ? null : token),
        };
        await JsonResponses.WriteAsync(context, 200, body);
    }

    /// <summary>The request's filters, in request order, encoded as Twilio echoes them (<c>StartTime%3E=...&amp;</c>).</summary>
    private static string FilterQuery(IQueryCollection query)
    {
        var builder = new StringBuilder();
        foreach (var (name, values) in query)
        {
            if (PagingParameters.Contains(name, StringComparer.Ordinal))
            {
                continue;
            }

            foreach (var value in values)
            {
                builder.Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(value ?? string.Empty)).Append('&');
            }
        }

        return builder.ToString();
    }

    /// <summary>
    /// Builds the list filter. Range parameters are named <c>StartTime&gt;</c> / <c>StartTime&lt;</c> /
    /// <c>EndTime&gt;</c> / <c>EndTime&lt;</c> (so <c>StartTime&gt;=2024-01-01</c> on the wire is the parameter
    /// <c>StartTime&gt;</c>). Both bounds are inclusive ("on or after", "on or before"), to the second.
    /// </summary>
    /// <summary>
    /// Twilio's date filters: <c>Name&gt;</c> on or after, <c>Name&lt;</c> on or before (both inclusive), plain <c>Name</c>
    /// on that day (date only) or that second.
    /// </summary>
    private static Func<DateTimeOffset, bool> DateFilter(char suffix, DateTimeOffset instant, bool dateOnly) => suffix switch
    {
        '>' => t => t >= instant,
        '<' => t => t <= instant,
        _ when dateOnly => t => t >= instant && t < instant.AddDays(1),
        _ => t => t >= instant && t < instant.AddSeconds(1),
    };

    private static bool TryBuildCallFilter(IQueryCollection query, out Func<TwilioCall, bool> filter, out string error)
    {
        var predicates = new List<Func<TwilioCall, bool>>();
        filter = _ => true;
        error = string.Empty;
        foreach (var (name, value) in query.Select(p => (p.Key, p.Value.ToString())))
        {
            switch (name)
            {
                case "Status":
                    if (!TwilioCallStatus.All.Contains(value, StringComparer.Ordinal))
                    {
                        error = $"Status must be one of {string.Join(", ", TwilioCallStatus.All)}";
                        return false;
                    }

                    predicates.Add(c => c.Status == value);
                    break;
                case "To":
                    predicates.Add(c => c.To == value);
                    break;
                case "From":
                    predicates.Add(c => c.From == value);
                    break;
                case "ParentCallSid":
                    predicates.Add(c => c.ParentCallSid == value);
                    break;
                case "StartTime" or "StartTime>" or "StartTime<" or "EndTime" or "EndTime>" or "EndTime<":
                    if (!TwilioFormats.TryParseFilter(value, out var instant, out var dateOnly))
                    {
                        error = $"{name} is not a valid date: use YYYY-MM-DD or an ISO 8601 date-time";
                        return false;
                    }

                    Func<TwilioCall, DateTimeOffset?> field = name.StartsWith("Start", StringComparison.Ordinal) ? c => c.StartTime : c => c.EndTime;
                    var matches = DateFilter(name[^1], instant, dateOnly);
                    predicates.Add(c => field(c) is { } t && matches(t));
                    break;
            }
        }

        filter = c => predicates.All(p => p(c));
        return true;
    }
}
