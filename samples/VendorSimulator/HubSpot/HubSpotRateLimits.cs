using System;
using System.Globalization;
using CallCrm.Connectors.VendorSimulator.Faults;
using CallCrm.Connectors.VendorSimulator.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace CallCrm.Connectors.VendorSimulator.HubSpot;

/// <summary>
/// HubSpot's documented limits for a private app: a rolling 10-second burst limit and a daily limit (tier-dependent)
/// on every endpoint except CRM search, which has its own per-second limit (5) and sends no rate-limit headers.
/// </summary>
internal sealed class HubSpotRateLimits
{
    private const int IntervalMilliseconds = 10_000;

    private readonly RollingWindowLimiter tenSecondly = new(TimeSpan.FromSeconds(10));
    private readonly RollingWindowLimiter secondly = new(TimeSpan.FromSeconds(1));
    private readonly RollingWindowLimiter search = new(TimeSpan.FromSeconds(1));
    private readonly object dailyGate = new();
    private DateOnly day;
    private int usedToday;

    public static (int TenSecond, int Daily) TierLimits(HubSpotTier tier) => tier switch
    {
        HubSpotTier.FreeOrStarter => (100, 250_000),
        HubSpotTier.Professional => (190, 625_000),
        HubSpotTier.Enterprise => (190, 1_000_000),
        _ => (250, 1_625_000),
    };

    public void Reset()
    {
        tenSecondly.Reset();
        secondly.Reset();
        search.Reset();
        lock (dailyGate)
        {
            usedToday = 0;
        }
    }

    /// <summary>Admits or refuses a request; sets the headers HubSpot sends. Returns the 429 details when refused.</summary>
    public RateLimitRejection? Acquire(HttpContext context, bool isSearch, FaultSettings settings, HubSpotTier tier, DateTimeOffset now)
    {
        if (isSearch)
        {
            // Search: its own per-second limit, and HubSpot sends no X-HubSpot-RateLimit-* headers on search responses.
            var (admitted, _, retry) = search.TryAcquire(now, settings.HubSpotSearchPerSecond);
            return admitted ? null : new RateLimitRejection("SECONDLY", "You have reached your secondly limit.", retry);
        }

        var (tierTen, tierDaily) = TierLimits(tier);
        var max = settings.HubSpotTenSecondLimit ?? tierTen;
        var dailyMax = settings.HubSpotDailyLimit ?? tierDaily;
        var perSecond = Math.Max(1, max / 10);
        var headers = context.Response.Headers;

        int dailyRemaining;
        lock (dailyGate)
        {
            var today = DateOnly.FromDateTime(now.UtcDateTime);
            if (today != day)
            {
                day = today;
                usedToday = 0;
            }

            if (usedToday >= dailyMax)
            {
                SetHeaders(headers, dailyMax, 0, max, 0, perSecond, 0);
                var midnight = new DateTimeOffset(today.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
                return new RateLimitRejection("DAILY", "You have reached your daily limit.", midnight - now);
            }

            dailyRemaining = dailyMax - usedToday;
        }

        var (ok, remaining, retryAfter) = tenSecondly.TryAcquire(now, max);
        if (!ok)
        {
            SetHeaders(headers, dailyMax, dailyRemaining, max, 0, perSecond, 0);
            return new RateLimitRejection("TEN_SECONDLY_ROLLING", "You have reached your ten_secondly_rolling limit.", retryAfter);
        }

        lock (dailyGate)
        {
            usedToday++;
            dailyRemaining = dailyMax - usedToday;
        }

        // Reported only: HubSpot enforces the 10-second window; the secondly figures are informational.
        var (_, secondRemaining, _) = secondly.TryAcquire(now, int.MaxValue);
        SetHeaders(headers, dailyMax, dailyRemaining, max, remaining, perSecond, Math.Max(0, perSecond - (int.MaxValue - secondRemaining)));
        return null;
    }

    private static void SetHeaders(IHeaderDictionary headers, int daily, int dailyRemaining, int max, int remaining, int secondlyMax, int secondlyRemaining)
    {
        headers["X-HubSpot-RateLimit-Daily"] = daily.ToString(CultureInfo.InvariantCulture);
        headers["X-HubSpot-RateLimit-Daily-Remaining"] = dailyRemaining.ToString(CultureInfo.InvariantCulture);
        headers["X-HubSpot-RateLimit-Interval-Milliseconds"] = IntervalMilliseconds.ToString(CultureInfo.InvariantCulture);
        headers["X-HubSpot-RateLimit-Max"] = max.ToString(CultureInfo.InvariantCulture);
        headers["X-HubSpot-RateLimit-Remaining"] = remaining.ToString(CultureInfo.InvariantCulture);
        headers["X-HubSpot-RateLimit-Secondly"] = secondlyMax.ToString(CultureInfo.InvariantCulture);
        headers["X-HubSpot-RateLimit-Secondly-Remaining"] = secondlyRemaining.ToString(CultureInfo.InvariantCulture);
    }
}

/// <summary>Why and for how long a HubSpot request was refused.</summary>
internal sealed record RateLimitRejection(string PolicyName, string Message, TimeSpan RetryAfter);
