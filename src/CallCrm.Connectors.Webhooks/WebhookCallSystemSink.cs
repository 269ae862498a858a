using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;
using CallCrm.Connectors.Errors;
using CallCrm.Connectors.Http;
using CallCrm.Connectors.Model;
using CallCrm.Connectors.Providers;
using CallCrm.Connectors.Webhooks.Wire;
using Microsoft.Extensions.Logging;

namespace CallCrm.Connectors.Webhooks;

/// <summary>A call-system sink that pushes each customer tag update to an HTTPS endpoint as versioned JSON, signed
/// with HMAC-SHA256 and a timestamp, carrying a deterministic event id so that a retried push is applied once.</summary>
/// <remarks>
/// <para>Register it with <c>services.AddWebhookCallSystemSink(...)</c>. Retries, the circuit breaker and the outbox
/// are the sync engine's, as for any sink: the sink makes one attempt per update and reports what happened.</para>
/// <para>Outcomes, one per update in order: a 2xx answer is <see cref="RecordOutcomeKind.Written"/>, or
/// <see cref="RecordOutcomeKind.Unchanged"/> for 208 or a <c>duplicate</c>/<c>superseded</c> status; 408, 429 and 5xx are
/// <see cref="RecordOutcomeKind.TransientFailure"/> (with the receiver's <c>Retry-After</c>), and the updates after it
/// in the batch are not sent but reported with the same transient error, so a struggling receiver is not pressed
/// further; every other answer is a <see cref="RecordOutcomeKind.PermanentFailure"/> and the batch goes on, except 401:
/// a refused signature is the sink's configuration (secret or clock), so the push throws a permanent
/// <see cref="ConnectorException"/> with <see cref="ConnectorErrorCode.AuthenticationFailed"/>. When the
/// endpoint cannot be reached at all (DNS, refused or dropped connection, timeout, TLS) the push throws a
/// <see cref="ConnectorException"/> (transient except for TLS), so the engine retries, opens its circuit and buffers;
/// updates of the batch already delivered are re-sent then and deduplicated by their event ids.</para>
/// </remarks>
public sealed class WebhookCallSystemSink : ICallSystemSink, IConnectionCheck
{
    private readonly IHttpClientFactory httpClientFactory;
    private readonly string httpClientName;
    private readonly Uri endpoint;
    private readonly string systemName;
    private readonly int contractVersion;
    private readonly KeyValuePair<string, string>[] headers;
    private readonly TagPushSigner signer;
    private readonly TimeProvider timeProvider;
    private readonly ILogger logger;
    private readonly WebhookMetrics metrics;

    internal WebhookCallSystemSink(string name, IHttpClientFactory httpClientFactory, string httpClientName, WebhookSinkOptions options, TimeProvider timeProvider, ILogger logger, WebhookMetrics metrics)
    {
        Name = name;
        this.httpClientFactory = httpClientFactory;
        this.httpClientName = httpClientName;
        endpoint = options.Endpoint ?? throw new ArgumentException("WebhookSinkOptions.Endpoint is not set.", nameof(options));
        systemName = options.SystemName ?? name;
        contractVersion = options.ContractVersion;
        headers = [.. options.Headers];
        signer = new TagPushSigner(options.Secret ?? throw new ArgumentException("WebhookSinkOptions.Secret is not set.", nameof(options)), options.PreviousSecret, timeProvider);
        this.timeProvider = timeProvider;
        this.logger = logger;
        this.metrics = metrics;
        Capabilities = new SinkCapabilities
        {
            MaxBatchSize = options.MaxBatchSize,

            // One request at a time keeps a customer's versions arriving in order, which receivers rely on to ignore
            // older versions without having to buffer.
            MaxConcurrency = 1,

            // The event id makes a repeated push a no-op at the receiver.
            SupportsUpsertByExternalId = true,
        };
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public SinkCapabilities Capabilities { get; }

    /// <inheritdoc />
    /// <exception cref="ConnectorException">The endpoint could not be reached (transient), a secure connection could
    /// not be set up (not transient), or the receiver refused the signature (HTTP 401, <c>AUTHENTICATION_FAILED</c>,
    /// not transient).</exception>
    public async ValueTask<IReadOnlyList<RecordOutcome>> WriteAsync(IReadOnlyList<CustomerTagUpdate> batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var outcomes = new List<RecordOutcome>(batch.Count);
        var client = httpClientFactory.CreateClient(httpClientName);
        ConnectorError? deferred = null;
        for (var i = 0; i < batch.Count; i++)
        {
            var update = batch[i];
            if (Invalid(update) is { } reason)
            {
                Log.UpdateInvalid(logger, Name, i, reason);
                outcomes.Add(RecordOutcome.Failed(update?.Key ?? string.Empty, new ConnectorError
                {
                    Code = ConnectorErrorCode.InvalidRecord,
                    SystemName = systemName,
                    TechnicalDetail = "The tag update was not sent: " + reason,
                }));
                continue;
            }

            if (deferred is not null)
            {
                outcomes.Add(RecordOutcome.Failed(update!.Key, deferred));
                continue;
            }

            var outcome = await PushAsync(client, update!, cancellationToken).ConfigureAwait(false);
            outcomes.Add(outcome);
            if (outcome.Kind == RecordOutcomeKind.TransientFailure)
            {
                deferred = outcome.Error;
                Log.PushDeferred(logger, Name, WebhookEventId.For(update!), outcome.Error!.Code.Value, batch.Count - i - 1);
            }
        }

        return outcomes;
    }

    private async Task<RecordOutcome> PushAsync(HttpClient client, CustomerTagUpdate update, CancellationToken cancellationToken)
    {
        var eventId = WebhookEventId.For(update);
        var body = TagPushWriter.Write(update, eventId, contractVersion);
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(WebhookContract.MediaType);
        foreach (var (header, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(header, value);
        }

        // Signed last, over the exact bytes in the content, with the time of sending.
        request.Headers.TryAddWithoutValidation(WebhookContract.EventIdHeaderName, eventId);
        request.Headers.TryAddWithoutValidation(WebhookContract.SignatureHeaderName, signer.Sign(body));

        // Safe to repeat thanks to the event id, should the HTTP client be configured to retry.
        request.MarkAsIdempotent();

        var started = timeProvider.GetTimestamp();
        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (ConnectorException ex)
        {
            Log.EndpointFailed(logger, Name, ex.Code.Value, ex.IsTransient);
            metrics.Record(Name, "unreachable", ex.Code.Value, null);
            throw;
        }

        using (response)
        {
            var outcome = await TagPushResponseReader.ReadAsync(update.Key, eventId, response, systemName, timeProvider.GetUtcNow(), cancellationToken).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            metrics.Record(Name, OutcomeTag(outcome.Kind), outcome.Error?.Code.Value, timeProvider.GetElapsedTime(started).TotalSeconds);
            if (outcome.Kind != RecordOutcomeKind.PermanentFailure)
            {
                Log.PushAnswered(logger, Name, eventId, status, outcome.Kind.ToString());
                return outcome;
            }

            Log.PushRefused(logger, Name, eventId, outcome.Error!.Code.Value, status);
            if (outcome.Error.Code == ConnectorErrorCode.AuthenticationFailed)
            {
                // A refused signature (wrong secret, or a clock the receiver disagrees with) is the sink's
                // configuration, not the update's: every update would be refused alike, so the push fails as a whole
                // and the engine stops instead of dead-lettering every tag change.
                throw new ConnectorException(outcome.Error);
            }

            return outcome;
        }
    }

    /// <inheritdoc />
    /// <remarks>POSTs a signed body that carries no event id and no update (<c>{"contractVersion":N}</c>). A receiver
    /// checks the signature first (401 when the secret or the clock is wrong) and then refuses an event without an id
    /// (400) without applying anything, so 2xx and 400 both mean "reachable, signature accepted"; 401, 404 and 5xx are
    /// returned as the failure they are.</remarks>
    public async ValueTask<ConnectorError?> CheckConnectionAsync(CancellationToken cancellationToken = default)
    {
        var body = System.Text.Encoding.UTF8.GetBytes("{\"contractVersion\":" + contractVersion.ToString(System.Globalization.CultureInfo.InvariantCulture) + "}");
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(WebhookContract.MediaType);
        foreach (var (header, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(header, value);
        }

        request.Headers.TryAddWithoutValidation(WebhookContract.SignatureHeaderName, signer.Sign(body));
        try
        {
            using var response = await httpClientFactory.CreateClient(httpClientName).SendAsync(request, cancellationToken).ConfigureAwait(false);
            var outcome = await TagPushResponseReader.ReadAsync("connection-check", "connection-check", response, systemName, timeProvider.GetUtcNow(), cancellationToken).ConfigureAwait(false);
            return outcome.Error is { } error && error.Code != ConnectorErrorCode.ValidationFailed ? error : null;
        }
        catch (ConnectorException ex)
        {
            return ex.Error;
        }
    }

    private static string? Invalid(CustomerTagUpdate? update)
    {
        if (update is null)
        {
            return "the update is null.";
        }

        if (string.IsNullOrWhiteSpace(update.CustomerId))
        {
            return "it has no customer id.";
        }

        if (update.Tags is null)
        {
            return "it has no tag set.";
        }

        foreach (var tag in update.Tags)
        {
            if (tag is null || string.IsNullOrWhiteSpace(tag.Name))
            {
                return "a tag has no name.";
            }
        }

        return null;
    }

    private static string OutcomeTag(RecordOutcomeKind kind) => kind switch
    {
        RecordOutcomeKind.Written => "written",
        RecordOutcomeKind.Unchanged => "unchanged",
        RecordOutcomeKind.TransientFailure => "transient_failure",
        _ => "permanent_failure",
    };
}
