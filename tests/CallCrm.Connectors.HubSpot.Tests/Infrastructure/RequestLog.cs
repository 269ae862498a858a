namespace CallCrm.Connectors.HubSpot.Tests.Infrastructure;

/// <summary>Records the path of every request the provider sends, to count what a call costs.</summary>
internal sealed class RequestLog : DelegatingHandler
{
    private readonly List<string> paths = [];

    public IReadOnlyList<string> Paths
    {
        get
        {
            lock (paths)
            {
                return paths.ToList();
            }
        }
    }

    public void Clear()
    {
        lock (paths)
        {
            paths.Clear();
        }
    }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        lock (paths)
        {
            paths.Add(request.RequestUri!.AbsolutePath);
        }

        return base.SendAsync(request, cancellationToken);
    }
}
