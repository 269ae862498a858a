using System;
using System.Globalization;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.RateLimiting;
using System.Threading.Tasks;
using CallCrm.Connectors.Errors;
using CallCrm.Connectors.Http.Diagnostics;
using Microsoft.Extensions.Logging;

namespace CallCrm.Connectors.Http.RateLimiting;

/// <summary>Waits for a permit before every attempt and lets the vendor's answers pause the limiter.</summary>
/// <remarks>The concurrency permit is taken first and the window permit last, right before sending: a window permit
/// taken early and then held while waiting for a free connection would let the real send drift past the window the
/// permit was counted in.</remarks>
internal sealed class RateLimitHandler : DelegatingHandler
{
    private readonly VendorRateLimiter limiter;
    private readonly ConcurrencyLimiter? concurrency;
    private readonly ConnectorRateLimitOptions options;
    private readonly string systemName;
    private readonly TimeProvider timeProvider;
    private readonly ILogger logger;
    private readonly ConnectorHttpMetrics? metrics;
    private readonly Func<HttpResponseHeaders, long?>? vendorRemaining;

    public RateLimitHandler(VendorRateLimiter limiter, ConcurrencyLimiter? concurrency, ConnectorRateLimitOptions options, string systemName, TimeProvider timeProvider, ILogger logger, ConnectorHttpMetrics? metrics = null, Func<HttpResponseHeaders, long?>? vendorRemaining = null)
    {
        this.vendorRemaining = vendorRemaining;
        this.metrics = metrics;
        this.limiter = limiter;
        this.concurrency = concurrency;
        this.options = options;
        this.systemName = systemName;
        this.timeProvider = timeProvider;
        this.logger = logger;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        RateLimitLease? slot = null;
        var waitStarted = timeProvider.GetTimestamp();
        try
        {
            if (concurrency is not null)
            {
                slot = await concurrency.AcquireAsync(1, cancellationToken).ConfigureAwait(false);
                if (!slot.IsAcquired)
                {
                    throw Refused("the client-side queue of waiting requests is full", null, budget: false);
                }
            }

            using var lease = await limiter.AcquireAsync(request, 1, cancellationToken).ConfigureAwait(false);
            if (lease is VendorLease { IsAcquired: false } refused)
            {
                throw Refused(refused.Reason ?? "no permit", refused.RetryAfter, refused.IsBudgetExhausted);
            }

            metrics?.PermitWait(systemName, timeProvider.GetElapsedTime(waitStarted));

            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (options.HonorRateLimitHeaders)
            {
                Observe(response);
            }

            return response;
        }
        finally
        {
            slot?.Dispose();
        }
    }

    private void Observe(HttpResponseMessage response)
    {
        var now = timeProvider.GetUtcNow();
        var snapshot = RateLimitHeaderReader.Read(response, now, vendorRemaining);
        TimeSpan? pause = null;
        string? reason = null;
        if (response.StatusCode == HttpStatusCode.TooManyRequests)
        {
            pause = snapshot.RetryAfter ?? snapshot.ResetAfter ?? options.DefaultPause;
            reason = "HTTP 429";
        }
        else if (snapshot.RetryAfter is { } retryAfter)
        {
            pause = retryAfter;
            reason = string.Create(CultureInfo.InvariantCulture, $"Retry-After with HTTP {(int)response.StatusCode}");
        }
        else if (snapshot.Remaining is { } remaining && remaining <= options.MinimumRemaining && snapshot.ResetAfter is { } reset)
        {
            pause = reset;
            reason = string.Create(CultureInfo.InvariantCulture, $"vendor reports {remaining} requests remaining");
        }

        if (pause is { } wait && wait > TimeSpan.Zero)
        {
            wait = wait > options.MaxPause ? options.MaxPause : wait;
            if (now + wait > limiter.PausedUntil)
            {
                Log.RateLimitPaused(logger, systemName, wait, reason!);
                metrics?.Pause(systemName, reason!.StartsWith("HTTP 429", StringComparison.Ordinal) ? "429" : reason.StartsWith("Retry-After", StringComparison.Ordinal) ? "retry-after" : "remaining");
                limiter.PauseUntil(now + wait);
            }
        }
    }

    private ConnectorException Refused(string reason, TimeSpan? retryAfter, bool budget)
    {
        Log.RateLimitRejected(logger, systemName, reason);
        return new ConnectorException(new ConnectorError
        {
            Code = budget ? ConnectorErrorCode.BudgetExhausted : ConnectorErrorCode.RateLimited,
            IsTransient = true,
            SystemName = systemName,
            RetryAfter = retryAfter,
            TechnicalDetail = "Not sent: " + reason + ".",
        });
    }
}
