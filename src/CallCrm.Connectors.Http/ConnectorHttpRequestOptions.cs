using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;

namespace CallCrm.Connectors.Http;

/// <summary>Per-request settings of a connector HTTP client, carried in <see cref="HttpRequestMessage.Options"/>.</summary>
public static class ConnectorHttpRequestOptions
{
    internal static readonly HttpRequestOptionsKey<bool> SearchKey = new("CallCrm.Connectors.Http.Search");
    internal static readonly HttpRequestOptionsKey<int[]> AllowedStatusCodesKey = new("CallCrm.Connectors.Http.AllowedStatusCodes");
    internal static readonly HttpRequestOptionsKey<bool> IdempotentKey = new("CallCrm.Connectors.Http.Idempotent");

    /// <summary>Marks the request as a search, so it also counts against the vendor's separate search limit
    /// (<see cref="CallCrm.Connectors.Providers.RateLimitPolicy.Search"/>).</summary>
    /// <param name="request">The request.</param>
    /// <returns>The same request.</returns>
    public static HttpRequestMessage MarkAsSearch(this HttpRequestMessage request)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Options.Set(SearchKey, true);
        return request;
    }

    /// <summary>Marks a POST or PATCH request as safe to retry after an ambiguous failure (a timeout, a dropped
    /// connection, a 5xx), because sending it twice has the effect of sending it once: a search or read, an upsert keyed
    /// by a unique property, an update by id, a request with an idempotency key. Never mark a create: a retry of a
    /// create whose answer was lost makes a second record (or, at best, a conflict the caller must resolve).</summary>
    /// <param name="request">The request.</param>
    /// <returns>The same request.</returns>
    public static HttpRequestMessage MarkAsIdempotent(this HttpRequestMessage request)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Options.Set(IdempotentKey, true);
        return request;
    }

    /// <summary>Lets the request's caller handle these status codes itself: the client returns such answers instead of
    /// throwing (for example 404 for a lookup that may find nothing).</summary>
    /// <param name="request">The request.</param>
    /// <param name="statusCodes">The status codes the caller expects.</param>
    /// <returns>The same request.</returns>
    public static HttpRequestMessage AllowStatusCodes(this HttpRequestMessage request, params int[] statusCodes)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(statusCodes);
        var existing = request.Options.TryGetValue(AllowedStatusCodesKey, out var codes) ? codes : [];
        request.Options.Set(AllowedStatusCodesKey, existing.Concat(statusCodes).Distinct().ToArray());
        return request;
    }

    /// <summary>Gets whether the request is safe to send again after an ambiguous failure: GET, HEAD, OPTIONS, PUT,
    /// DELETE and TRACE by their method, any other request when marked with <see cref="MarkAsIdempotent"/>.</summary>
    /// <param name="request">The request.</param>
    /// <returns><see langword="true"/> when a retry cannot do the work twice.</returns>
    public static bool IsIdempotent(this HttpRequestMessage request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Method == HttpMethod.Get || request.Method == HttpMethod.Head || request.Method == HttpMethod.Options
            || request.Method == HttpMethod.Put || request.Method == HttpMethod.Delete || request.Method == HttpMethod.Trace
            || IsMarkedIdempotent(request);
    }

    internal static bool IsSearch(HttpRequestMessage request) =>
        request.Options.TryGetValue(SearchKey, out var search) && search;

    internal static bool IsStatusAllowed(HttpRequestMessage request, int statusCode) =>
        request.Options.TryGetValue(AllowedStatusCodesKey, out var codes) && ((IList<int>)codes).Contains(statusCode);

    internal static bool IsMarkedIdempotent(HttpRequestMessage request) =>
        request.Options.TryGetValue(IdempotentKey, out var idempotent) && idempotent;
}
