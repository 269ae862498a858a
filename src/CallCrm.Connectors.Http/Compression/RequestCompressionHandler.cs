using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace CallCrm.Connectors.Http.Compression;

/// <summary>Compresses request bodies of at least a minimum size with gzip, for vendors that accept
/// <c>Content-Encoding: gzip</c> (opt-in per client). Bodies already encoded, or of unknown length, go as they are.</summary>
internal sealed class RequestCompressionHandler : DelegatingHandler
{
    private readonly int minimumBytes;

    public RequestCompressionHandler(int minimumBytes)
    {
        this.minimumBytes = minimumBytes;
    }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Content is { } content and not GzipContent
            && content.Headers.ContentEncoding.Count == 0
            && content.Headers.ContentLength is { } length && length >= minimumBytes)
        {
            request.Content = new GzipContent(content);
        }

        return base.SendAsync(request, cancellationToken);
    }
}
