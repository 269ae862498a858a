namespace CallCrm.Connectors.IntegrationTests.Infrastructure;

/// <summary>A handler on a provider's HTTP client that notes the path of every request it sends (each HTTP retry included), so a
/// test can count what a write cost on the wire.</summary>
internal sealed class SentRequests : DelegatingHandler
{
    private readonly Lock _gate = new();
    private readonly List<string> _paths = [];

    public IReadOnlyList<string> Snapshot()
    {
        lock (_gate)
        {
            return [.. _paths];
        }
    }

    public int Count(string path) => Snapshot().Count(p => p == path);

    public void Clear()
    {
        lock (_gate)
        {
            _paths.Clear();
        }
    }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _paths.Add(request.RequestUri!.AbsolutePath);
        }

        return base.SendAsync(request, cancellationToken);
    }
}
