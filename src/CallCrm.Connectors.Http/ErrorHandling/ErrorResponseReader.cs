using System;
using System.Buffers;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using CallCrm.Connectors.Errors;
using CallCrm.Connectors.Http.RateLimiting;

namespace CallCrm.Connectors.Http.ErrorHandling;

/// <summary>Turns an answer that is not a success into a <see cref="ConnectorException"/>: the status code's error,
/// the vendor's <c>Retry-After</c> (or rate-limit reset), and field errors from a 400/422 body.</summary>
internal static class ErrorResponseReader
{
    public static async Task<ConnectorException> ToExceptionAsync(
        HttpResponseMessage response,
        string systemName,
        int maxBodyBytes,
        DateTimeOffset now,
        Func<JsonElement, IReadOnlyList<FieldError>>? vendorFieldErrors,
        CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        var snapshot = RateLimitHeaderReader.Read(response, now);
        var retryAfter = snapshot.RetryAfter ?? (response.StatusCode == HttpStatusCode.TooManyRequests ? snapshot.ResetAfter : null);

        IReadOnlyList<FieldError> fieldErrors = [];
        if (status is 400 or 422)
        {
            var body = await ReadPrefixAsync(response.Content, maxBodyBytes, cancellationToken).ConfigureAwait(false);
            fieldErrors = FieldErrorParser.Parse(body, vendorFieldErrors);
        }

        var error = ConnectorErrorClassifier.FromHttpResponse(status, systemName, retryAfter, fieldErrors, Describe(response));
        return new ConnectorException(error);
    }

    // Method, origin and status only: paths and queries can carry phone numbers or e-mail addresses.
    public static string Describe(HttpResponseMessage response)
    {
        var request = response.RequestMessage;
        var origin = request?.RequestUri is { IsAbsoluteUri: true } uri ? uri.GetLeftPart(UriPartial.Authority) : "(unknown)";
        return string.Create(CultureInfo.InvariantCulture, $"HTTP {(int)response.StatusCode} {response.ReasonPhrase} for {request?.Method} {origin}");
    }

    /// <summary>Reads at most <paramref name="maxBytes"/> of <paramref name="content"/>: an error page is never
    /// worth buffering whole.</summary>
    public static async Task<ReadOnlyMemory<byte>> ReadPrefixAsync(HttpContent content, int maxBytes, CancellationToken cancellationToken)
    {
        var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var buffer = new byte[Math.Max(0, maxBytes)];
            var total = 0;
            int read;
            while (total < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(total), cancellationToken).ConfigureAwait(false)) > 0)
            {
                total += read;
            }

            return buffer.AsMemory(0, total);
        }
    }

    /// <summary>Reads <paramref name="content"/> whole, refusing more than <paramref name="maxBytes"/>.</summary>
    public static async Task<byte[]?> ReadLimitedAsync(HttpContent content, int maxBytes, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength > maxBytes)
        {
            return null;
        }

        var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            using var buffer = new MemoryStream();
            var chunk = ArrayPool<byte>.Shared.Rent(16 * 1024);
            try
            {
                int read;
                while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    if (buffer.Length + read > maxBytes)
                    {
                        return null;
                    }

                    buffer.Write(chunk, 0, read);
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(chunk);
            }

            return buffer.ToArray();
        }
    }
}
