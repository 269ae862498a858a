using System;

namespace CallCrm.Connectors.Http.RateLimiting;

/// <summary>What a vendor said about its rate limit in one answer's headers.</summary>
/// <param name="Remaining">Requests left in the current window, if said.</param>
/// <param name="ResetAfter">How long until the window resets, if said.</param>
/// <param name="RetryAfter">The <c>Retry-After</c> wait, if said.</param>
internal readonly record struct RateLimitSnapshot(long? Remaining, TimeSpan? ResetAfter, TimeSpan? RetryAfter);
