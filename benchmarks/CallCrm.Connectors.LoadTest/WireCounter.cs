namespace CallCrm.Connectors.LoadTest;

/// <summary>
/// Counts what actually goes over the wire to a vendor: registered innermost in the connector's handler chain, it
/// sees every attempt (retries included, after the rate limiter) and every 429.
/// </summary>
internal sealed class WireCounter
{
    private long _requests;
    private long _searches;
    private long _throttled;
    private long _failed;

    public long Requests => Interlocked.Read(ref _requests);

    public long Searches => Interlocked.Read(ref _searches);

    public long Throttled => Interlocked.Read(ref _throttled);

    public long Failed => Interlocked.Read(ref _failed);

    public void Count(HttpRequestMessage request, HttpResponseMessage? response)
    {
        // HubSpot limits search separately (a few per second, no headers) from everything else (per rolling 10 s).
        if (request.RequestUri?.AbsolutePath.EndsWith("/search", StringComparison.Ordinal) == true)
        {
            Interlocked.Increment(ref _searches);
        }
        else
        {
            Interlocked.Increment(ref _requests);
        }

        if (response is null || (int)response.StatusCode >= 500)
        {
            Interlocked.Increment(ref _failed);
        }
        else if ((int)response.StatusCode == 429)
        {
            Interlocked.Increment(ref _throttled);
        }
    }

    public DelegatingHandler CreateHandler() => new Handler(this);

    private sealed class Handler(WireCounter counter) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            HttpResponseMessage? response = null;
            try
            {
                response = await base.SendAsync(request, cancellationToken);
                return response;
            }
            finally
            {
                counter.Count(request, response);
            }
        }
    }
}
