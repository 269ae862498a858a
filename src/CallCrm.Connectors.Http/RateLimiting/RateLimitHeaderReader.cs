using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using CallCrm.Connectors.Errors;

namespace CallCrm.Connectors.Http.RateLimiting;

/// <summary>Reads the common rate-limit headers: <c>X-RateLimit-Remaining</c>/<c>-Reset</c> (seconds or a Unix time), the
/// IETF draft's <c>RateLimit-Remaining</c>/<c>-Reset</c> and its structured <c>RateLimit: "policy";r=0;t=10</c> form, and
/// <c>Retry-After</c>; a vendor's own remaining-requests header through the provider's
/// <see cref="ConnectorHttpClientOptions.RemainingRequestsReader"/>.</summary>
internal static class RateLimitHeaderReader
{
    // A reset value above this is a Unix time, below it a number of seconds (no window lasts 30 years).
    private const long UnixTimeThreshold = 1_000_000_000;

    /// <param name="response">The answer.</param>
    /// <param name="now">The current time, to turn a reset or retry date into a wait.</param>
    /// <param name="vendorRemaining">The provider's reader of its vendor's own remaining-requests header; its value comes first.</param>
    public static RateLimitSnapshot Read(HttpResponseMessage response, DateTimeOffset now, Func<HttpResponseHeaders, long?>? vendorRemaining = null)
    {
        var headers = response.Headers;
        TimeSpan? reset = null;

        // A vendor header that says how many are left but not when the window ends only counts down: without a reset it never
        // pauses the client (see RateLimitHandler), the client-side window already keeps under the limit.
        var remaining = vendorRemaining?.Invoke(headers) is { } vendor && vendor >= 0 ? vendor : (long?)null;
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
