using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CallCrm.Connectors.Hosting;
using CallCrm.Connectors.Model;
using CallCrm.Connectors.Sync;
using CallCrm.Connectors.Twilio.Webhooks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CallCrm.Connectors.Twilio.AspNetCore.Internal;

/// <summary>One mapped endpoint: reads the form, lets <see cref="TwilioStatusCallbackHandler"/> check it and push the call into the
/// stream, and turns the outcome into the status Twilio acts on (2xx: done; anything else: retry).</summary>
internal sealed class TwilioStatusCallbackEndpoint
{
    private readonly TwilioStatusCallbackEndpointOptions options;
    private string? streamName;

    public TwilioStatusCallbackEndpoint(TwilioStatusCallbackEndpointOptions options)
    {
        this.options = options;
        streamName = options.StreamName;
    }

    public async Task<IResult> HandleAsync(HttpContext context)
    {
        var services = context.RequestServices;
        var logger = services.GetService<ILoggerFactory>()?.CreateLogger<TwilioStatusCallbackEndpoint>() ?? (ILogger)NullLogger.Instance;
        var cancellationToken = context.RequestAborted;
        if (!context.Request.HasFormContentType)
        {
            Log.MalformedForm(logger, null);
            return Results.StatusCode(StatusCodes.Status400BadRequest);
        }

        IFormCollection form;
        try
        {
            form = await context.Request.ReadFormAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidDataException ex)
        {
            Log.MalformedForm(logger, ex);
            return Results.StatusCode(StatusCodes.Status400BadRequest);
        }

        var parameters = form.SelectMany(field => field.Value.Select(value => new KeyValuePair<string, string?>(field.Key, value))).ToList();
        var signature = context.Request.Headers[TwilioSignatureValidator.HeaderName].ToString();
        var handler = services.GetRequiredKeyedService<TwilioStatusCallbackHandler>(options.AccountName);
        var streams = services.GetRequiredService<ConnectorStreams>();
        TwilioStatusCallbackResult result;
        try
        {
            result = await handler.HandleAsync(PublicUrl(context.Request), parameters, signature, (record, ct) => IngestAsync(streams, record, ct), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Not stored (the handler forgot the event again): Twilio retries a non-2xx answer.
            Log.IngestFailed(logger, ex);
            context.Response.Headers.RetryAfter = ((long)Math.Ceiling(options.RetryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
        }

        var status = StatusOf(result.Refusal);
        if (result.Refusal != TwilioCallbackRefusal.None)
        {
            Log.Refused(logger, status, result.Refusal.ToString());
        }

        return status == StatusCodes.Status204NoContent ? Results.NoContent() : Results.StatusCode(status);
    }

    internal static int StatusOf(TwilioCallbackRefusal refusal) => refusal switch
    {
        // A duplicate of an event already stored: 2xx, or Twilio would send it again.
        TwilioCallbackRefusal.None or TwilioCallbackRefusal.Replayed => StatusCodes.Status204NoContent,
        TwilioCallbackRefusal.InvalidPayload => StatusCodes.Status400BadRequest,
        _ => StatusCodes.Status403Forbidden,
    };

    private string PublicUrl(HttpRequest request)
    {
        if (options.PublicBaseUrl is not { } publicBase)
        {
            return string.Concat(request.Scheme, "://", request.Host.ToUriComponent(), request.PathBase.ToUriComponent(), request.Path.ToUriComponent(), request.QueryString.ToUriComponent());
        }

        return string.Concat(publicBase.GetLeftPart(UriPartial.Authority), request.PathBase.ToUriComponent(), request.Path.ToUriComponent(), request.QueryString.ToUriComponent());
    }

    private async ValueTask IngestAsync(ConnectorStreams streams, CallRecord record, CancellationToken cancellationToken)
    {
        await streams.InitializeAsync(cancellationToken).ConfigureAwait(false);
        var stream = streams.GetCallLogStream(streamName ??= FindStream(streams));
        // Written, unchanged, buffered in the outbox or dead-lettered: stored either way, so the event is done.
        _ = await stream.IngestAsync(record, cancellationToken).ConfigureAwait(false);
    }

    private string FindStream(ConnectorStreams streams)
    {
        var matches = streams.Options.Streams
            .Where(s => s.Value.Kind == ConnectorStreamKind.CallLog && s.Value.Enabled && string.Equals(s.Value.Source, options.AccountName, StringComparison.Ordinal))
            .Select(s => s.Key)
            .ToList();
        return matches.Count == 1
            ? matches[0]
            : throw new InvalidOperationException(string.Concat(
                "Twilio status callbacks of account '", options.AccountName, "' need one call-log stream to go to; ",
                matches.Count == 0 ? "none reads from it" : "several read from it",
                ": set TwilioStatusCallbackEndpointOptions.StreamName."));
    }
}
