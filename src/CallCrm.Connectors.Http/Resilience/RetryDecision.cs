using System;
using System.Net;
using System.Net.Http;
using CallCrm.Connectors.Http.RateLimiting;
using Polly;
using Polly.Timeout;

namespace CallCrm.Connectors.Http.Resilience;

/// <summary>Which failed attempts are retried and after how long. Pure functions of the outcome, so they are tested
/// without a network or a clock.</summary>
internal static class RetryDecision
{
    /// <summary>Gets whether an attempt's outcome is worth another attempt.</summary>
    /// <param name="outcome">The attempt's outcome.</param>
    /// <param name="request">The request.</param>
    /// <param name="options">The retry settings.</param>
    /// <param name="now">The current time, to read a <c>Retry-After</c> date.</param>
    /// <param name="remaining">What is left of the request's total timeout, or <see langword="null"/> when unbounded: a
    /// vendor wait that does not fit goes back to the caller with its <c>Retry-After</c> instead of being cut short.</param>
    public static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, HttpRequestMessage request, ConnectorRetryOptions options, DateTimeOffset now, TimeSpan? remaining = null)
    {
        var idempotent = options.RetryNonIdempotentRequests || request.IsIdempotent();
        if (outcome.Exception is { } exception)
        {
            return exception switch
            {
                // A refusal of ours (a private address at connect time) arrives wrapped; trying again changes nothing.
                HttpRequestException { InnerException: CallCrm.Connectors.Errors.ConnectorException } => false,
                // The connection was never made, so the vendor never saw the request: safe for every method.
                HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError } => true,
                HttpRequestException => idempotent,
                TimeoutRejectedException => idempotent,
                _ => false,
            };
        }

        if (outcome.Result is not { } response)
        {
            return false;
        }

        switch (response.StatusCode)
        {
            case HttpStatusCode.TooManyRequests:
                // Refused unprocessed, so safe for every method; but a wait longer than allowed goes back to the caller.
                var wait = RateLimitHeaderReader.Read(response, now) is var snapshot ? snapshot.RetryAfter ?? snapshot.ResetAfter : null;
                return wait is null || Fits(wait.Value, options, remaining);
            case HttpStatusCode.RequestTimeout:
            case HttpStatusCode.InternalServerError:
            case HttpStatusCode.BadGateway:
            case HttpStatusCode.ServiceUnavailable:
            case HttpStatusCode.GatewayTimeout:
                var retryAfter = RateLimitHeaderReader.Read(response, now).RetryAfter;
                return idempotent && (retryAfter is null || Fits(retryAfter.Value, options, remaining));
            default:
                return false;
        }
    }

    // The jitter VendorDelay may add is counted too, so that the wait it schedules always ends before the total timeout.
    private static bool Fits(TimeSpan wait, ConnectorRetryOptions options, TimeSpan? remaining) =>
        wait <= options.MaxRetryAfter && (remaining is null || wait + MaxSpread(wait) < remaining.Value);

    private static TimeSpan MaxSpread(TimeSpan delay) => TimeSpan.FromTicks(Math.Min(delay.Ticks / 10, TimeSpan.TicksPerSecond));

    /// <summary>Gets the vendor's requested delay for a retry (<c>Retry-After</c>, or the rate-limit reset after a 429)
    /// plus a little jitter, or <see langword="null"/> for the exponential backoff.</summary>
    public static TimeSpan? VendorDelay(Outcome<HttpResponseMessage> outcome, DateTimeOffset now, bool useJitter, Func<double> random)
    {
        if (outcome.Result is not { } response)
        {
            return null;
        }

        var snapshot = RateLimitHeaderReader.Read(response, now);
        var wait = snapshot.RetryAfter ?? (response.StatusCode == HttpStatusCode.TooManyRequests ? snapshot.ResetAfter : null);
        if (wait is not { } delay)
        {
            return null;
        }

        // Never earlier than asked; up to 10% (at most 1 s) later, so clients told the same instant do not all come back together.
        var spread = useJitter ? TimeSpan.FromTicks((long)(MaxSpread(delay).Ticks * random())) : TimeSpan.Zero;
        return delay + spread;
    }
}
