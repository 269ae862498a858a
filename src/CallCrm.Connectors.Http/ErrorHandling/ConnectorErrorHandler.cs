using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using CallCrm.Connectors.Errors;
using CallCrm.Connectors.Http.Diagnostics;
using Microsoft.Extensions.Logging;
using Polly.Timeout;

namespace CallCrm.Connectors.Http.ErrorHandling;

/// <summary>The outermost handler: whatever fails below (network, TLS, timeouts, refusals, error answers) leaves the
/// client as a <see cref="ConnectorException"/> with the SDK's error, and only the caller's own cancellation passes
/// through as cancellation.</summary>
internal sealed class ConnectorErrorHandler : DelegatingHandler
{
    private readonly string systemName;
    private readonly ConnectorHttpClientOptions options;
    private readonly TimeProvider timeProvider;
    private readonly ILogger logger;
    private readonly ConnectorHttpMetrics? metrics;

    public ConnectorErrorHandler(string systemName, ConnectorHttpClientOptions options, TimeProvider timeProvider, ILogger logger, ConnectorHttpMetrics? metrics = null)
    {
        this.metrics = metrics;
        this.systemName = systemName;
        this.options = options;
        this.timeProvider = timeProvider;
        this.logger = logger;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!(ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            throw Translate(ex);
        }

        if (response.IsSuccessStatusCode || !options.ThrowOnErrorStatus || ConnectorHttpRequestOptions.IsStatusAllowed(request, (int)response.StatusCode))
        {
            return response;
        }

        using (response)
        {
            var exception = await ErrorResponseReader.ToExceptionAsync(response, systemName, options.MaxErrorBodyBytes, timeProvider.GetUtcNow(), options.FieldErrorReader, cancellationToken).ConfigureAwait(false);
            Log.RequestFailed(logger, systemName, exception.Code.Value, exception.IsTransient, exception.Error.TechnicalDetail);
            metrics?.Failure(systemName, exception.Code.Value);
            throw exception;
        }
    }

    private ConnectorException Translate(Exception exception)
    {
        ConnectorException translated;
        if (Find<ConnectorException>(exception) is { } connector)
        {
            // A refusal raised deep down (a guard inside the socket connect callback) arrives wrapped: unwrap it.
            translated = connector.Error.SystemName is null ? new ConnectorException(connector.Error with { SystemName = systemName }, connector) : connector;
        }
        else if (Find<TimeoutRejectedException>(exception) is { } timeout)
        {
            translated = new ConnectorException(
                new ConnectorError
                {
                    Code = ConnectorErrorCode.Timeout,
                    IsTransient = true,
                    SystemName = systemName,
                    TechnicalDetail = "No answer within " + timeout.Timeout.ToString("c", System.Globalization.CultureInfo.InvariantCulture) + ".",
                },
                exception);
        }
        else
        {
            translated = ConnectorErrorClassifier.ToConnectorException(exception, systemName);
        }

        Log.RequestFailed(logger, systemName, translated.Code.Value, translated.IsTransient, translated.Error.TechnicalDetail);
        metrics?.Failure(systemName, translated.Code.Value);
        return translated;
    }

    private static T? Find<T>(Exception exception)
        where T : Exception
    {
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            if (current is T match)
            {
                return match;
            }
        }

        return null;
    }
}
