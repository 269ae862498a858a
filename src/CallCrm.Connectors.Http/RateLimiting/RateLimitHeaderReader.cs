using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using CallCrm.Connectors.Errors;

namespace CallCrm.Connectors.Http.RateLimiting;

/// <summary>Reads the rate-limit headers vendors use: HubSpot's <c>X-HubSpot-RateLimit-*</c>, the common
/// <c>X-RateLimit-Remaining</c>/<c>-Reset</c> (seconds or a Unix time), the IETF draft's <c>RateLimit-Remaining</c>/
/// <c>-Reset</c> and its structured <c>RateLimit: "policy";r=0;t=10</c> form, and <c>Retry-After</c>.</summary>
internal static class RateLimitHeaderReader
{
    // A reset value above this is a Unix time, below it a number of seconds (no window lasts 30 years).
    private const long UnixTimeThreshold = 1_000_000_000;

    public static RateLimitSnapshot Read(HttpResponseMessage response, DateTimeOffset now)
    {
        var headers = response.Headers;
        long? remaining = null;
        TimeSpan? reset = null;

        // HubSpot says how many are left but not when its window ends (Interval-Milliseconds is the window's length),
        // so its remaining count alone never pauses the client: the client-side window already keeps under the limit,
        // and pausing a whole interval whenever the count reaches zero would halve the usable rate. Its per-second
        // figures (X-HubSpot-RateLimit-Secondly*) are reported but, per HubSpot's usage guidelines, no longer enforced:
        // they are not read (a client paced at exactly the per-second figure sees 0 remaining every second).
        if (Long(headers, "X-HubSpot-RateLimit-Remaining") is { } hubSpotRemaining)
        {
            remaining = hubSpotRemaining;
        }

        remaining ??= Long(headers, "RateLimit-Remaining") ?? Long(headers, "X-RateLimit-Remaining") ?? Long(headers, "X-Rate-Limit-Remaining");
        reset ??= Reset(Value(headers, "RateLimit-Reset"), now) ?? Reset(Value(headers, "X-RateLimit-Reset"), now) ?? Reset(Value(headers, "X-Rate-Limit-Reset"), now);

        if (Value(headers, "RateLimit") is { } structured)
        {
            ReadStructured(structured, ref remaining, ref reset);
        }

        TimeSpan? retryAfter = Value(headers, "Retry-After") is { } retryAfterValue
            ? ConnectorErrorClassifier.ParseRetryAfter(retryAfterValue, now)
            : null;
        return new RateLimitSnapshot(remaining, reset, retryAfter);
    }

    // draft-ietf-httpapi-ratelimit-headers-08: RateLimit: "default";r=50;t=30 ; earlier drafts: limit=100, remaining=0, reset=5.
    private static void ReadStructured(string value, ref long? remaining, ref TimeSpan? reset)
    {
        foreach (var part in value.Split([';', ','], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var pair = part.Split('=', 2, StringSplitOptions.TrimEntries);
            if (pair.Length != 2 || !long.TryParse(pair[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) || number < 0)
            {
                continue;
            }

            switch (pair[0].ToUpperInvariant())
            {
                case "R" or "REMAINING":
                    remaining = remaining is { } known ? Math.Min(known, number) : number;
                    break;
                case "T" or "RESET":
                    reset ??= TimeSpan.FromSeconds(number);
                    break;
            }
        }
    }

    private static TimeSpan? Reset(string? value, DateTimeOffset now)
    {
        if (value is null || !double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) || number < 0 || double.IsInfinity(number))
        {
            return null;
        }

        if (number > UnixTimeThreshold)
        {
            var at = DateTimeOffset.FromUnixTimeMilliseconds((long)(number * 1000));
            return at > now ? at - now : TimeSpan.Zero;
        }

        return TimeSpan.FromSeconds(number);
    }

    private static long? Long(HttpResponseHeaders headers, string name) =>
        Value(headers, name) is { } value && long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) && number >= 0
            ? number
            : null;

    private static string? Value(HttpResponseHeaders headers, string name) =>
        headers.NonValidated.TryGetValues(name, out var values) ? values.FirstOrDefault()?.Trim() : null;
}
