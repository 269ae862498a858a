using System;
using System.Collections.Generic;
using System.Threading.RateLimiting;

namespace CallCrm.Connectors.Http.RateLimiting;

/// <summary>A lease of <see cref="VendorRateLimiter"/>. Window permits are never given back (the window forgets them
/// by itself), so disposing does nothing; a refused lease says why and, when known, how long to wait.</summary>
internal sealed class VendorLease : RateLimitLease
{
    public static readonly VendorLease Acquired = new(true, null, null, false);
    public static readonly VendorLease QueueFull = new(false, "the client-side queue of waiting requests is full", null, false);

    private VendorLease(bool isAcquired, string? reason, TimeSpan? retryAfter, bool budgetExhausted)
    {
        IsAcquired = isAcquired;
        Reason = reason;
        RetryAfter = retryAfter;
        IsBudgetExhausted = budgetExhausted;
    }

    public override bool IsAcquired { get; }

    public string? Reason { get; }

    public TimeSpan? RetryAfter { get; }

    public bool IsBudgetExhausted { get; }

    public override IEnumerable<string> MetadataNames
    {
        get
        {
            if (Reason is not null)
            {
                yield return MetadataName.ReasonPhrase.Name;
            }

            if (RetryAfter is not null)
            {
                yield return MetadataName.RetryAfter.Name;
            }
        }
    }

    public static VendorLease BudgetExhausted(TimeSpan untilReset) => new(false, "the daily request budget is spent", untilReset, true);

    public static VendorLease Throttled(TimeSpan retryAfter) => new(false, "no permit is free now", retryAfter, false);

    public override bool TryGetMetadata(string metadataName, out object? metadata)
    {
        metadata = metadataName == MetadataName.ReasonPhrase.Name ? Reason : metadataName == MetadataName.RetryAfter.Name ? RetryAfter : null;
        return metadata is not null;
    }
}
