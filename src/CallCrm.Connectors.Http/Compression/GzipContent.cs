using System.IO;
using System.IO.Compression;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace CallCrm.Connectors.Http.Compression;

/// <summary>Sends another content gzip-compressed, streaming (the compressed length is not known ahead, so the body
/// goes chunked). The wrapped content is serialized again on every send, so retries work.</summary>
internal sealed class GzipContent : HttpContent
{
    private readonly HttpContent inner;

    public GzipContent(HttpContent inner)
    {
        this.inner = inner;
        foreach (var header in inner.Headers)
        {
            if (!string.Equals(header.Key, "Content-Length", System.StringComparison.OrdinalIgnoreCase))
            {
                Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }

        Headers.ContentEncoding.Add("gzip");
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        var gzip = new GZipStream(stream, CompressionLevel.Fastest, leaveOpen: true);
        await using (gzip.ConfigureAwait(false))
        {
            await inner.CopyToAsync(gzip, context, cancellationToken).ConfigureAwait(false);
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
