using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using CallCrm.Connectors.Errors;
using CallCrm.Connectors.Providers;

namespace CallCrm.Connectors.Webhooks.Wire;

/// <summary>Turns a receiver's answer into the outcome of one update.</summary>
/// <remarks>
/// 2xx is <see cref="RecordOutcomeKind.Written"/>, except 208 Already Reported and a body whose <c>status</c> is
/// <c>duplicate</c> or <c>superseded</c> (the receiver already held this event, or a newer version), which are
/// <see cref="RecordOutcomeKind.Unchanged"/>. 408, 429 and 5xx are transient (with <c>Retry-After</c>); every other
/// status is permanent, classified like any vendor's (401 <c>AUTHENTICATION_FAILED</c>, 400/422
/// <c>VALIDATION_FAILED</c>, ...), and 422 <c>unsupported_contract_version</c> is <c>UNSUPPORTED_CONTRACT_VERSION</c>.
/// </remarks>
internal static class TagPushResponseReader
{
    // Receivers answer with a few bytes of JSON; an error page is never worth more.
    private const int MaxBodyBytes = 16 * 1024;
    private const int MaxErrorCodeLength = 64;

    public static async Task<RecordOutcome> ReadAsync(string key, string eventId, HttpResponseMessage response, string systemName, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        var body = await ReadBodyAsync(response.Content, cancellationToken).ConfigureAwait(false);
        if (response.IsSuccessStatusCode)
        {
            var unchanged = response.StatusCode == HttpStatusCode.AlreadyReported
                || body?.Status is { } answer && (IsStatus(answer, "duplicate") || IsStatus(answer, "superseded"));
            return unchanged ? RecordOutcome.Unchanged(key) : RecordOutcome.Written(key);
        }

        var retryAfter = response.Headers.TryGetValues("Retry-After", out var values)
            ? ConnectorErrorClassifier.ParseRetryAfter(values.FirstOrDefault(), now)
            : null;
        var receiverCode = Sanitize(body?.Error);
        var detail = string.Create(
            CultureInfo.InvariantCulture,
            $"HTTP {status} for tag push {eventId} to {Origin(response)}{(receiverCode is null ? string.Empty : " (" + receiverCode + ")")}.");
        var error = ConnectorErrorClassifier.FromHttpResponse(status, systemName, retryAfter, technicalDetail: detail);
        if (status == 422 && receiverCode == "unsupported_contract_version")
        {
            error = error with { Code = ConnectorErrorCode.UnsupportedContractVersion };
        }

        return RecordOutcome.Failed(key, error);
    }

    private static bool IsStatus(string value, string expected) => string.Equals(value, expected, StringComparison.OrdinalIgnoreCase);

    // The receiver's error code goes into logs, so only a short token of safe characters is kept; its free-text
    // message is left out, as it may quote the data.
    private static string? Sanitize(string? code) =>
        code is { Length: > 0 and <= MaxErrorCodeLength } && code.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.')
            ? code
            : null;

    private static string Origin(HttpResponseMessage response) =>
        response.RequestMessage?.RequestUri is { IsAbsoluteUri: true } uri ? uri.GetLeftPart(UriPartial.Authority) : "(unknown)";

    private static async Task<TagPushResponse?> ReadBodyAsync(HttpContent content, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength is 0 or > MaxBodyBytes)
        {
            return null;
        }

        var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var buffer = new byte[MaxBodyBytes];
            var total = 0;
            int read;
            while (total < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(total), cancellationToken).ConfigureAwait(false)) > 0)
            {
                total += read;
            }

            try
            {
                // The answer is optional and informative: a body that is not our JSON changes nothing.
                return total == 0 ? null : JsonSerializer.Deserialize(buffer.AsSpan(0, total), WebhookJsonContext.Wire.TagPushResponse);
            }
            catch (JsonException)
            {
                return null;
            }
        }
    }
}
