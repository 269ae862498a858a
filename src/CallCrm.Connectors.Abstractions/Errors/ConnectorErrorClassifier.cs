using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Net.Http;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Xml;

namespace CallCrm.Connectors.Errors;

/// <summary>Maps HTTP answers and exceptions to the SDK's one error model, <see cref="ConnectorError"/>, so every
/// provider reports the same failure the same way (same code, same transient flag, same friendly message).</summary>
/// <example>
/// <code>
/// try
/// {
///     response = await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
/// }
/// catch (Exception ex) when (!ConnectorErrorClassifier.IsCallerCancellation(ex, cancellationToken))
/// {
///     throw ConnectorErrorClassifier.ToConnectorException(ex, "HubSpot");
/// }
/// </code>
/// </example>
public static class ConnectorErrorClassifier
{
    // Exception chains are short; the bound only protects against a pathological cycle of inner exceptions.
    private const int MaxChainDepth = 16;

    // RFC 9110 section 5.6.7: recipients accept the IMF-fixdate and the two obsolete forms (RFC 850 and asctime).
    private static readonly string[] HttpDateFormats =
    [
        "r",
        "dddd, dd-MMM-yy HH:mm:ss 'GMT'",
        "ddd MMM d HH:mm:ss yyyy",
    ];

    /// <summary>Classifies an HTTP answer that was not a success.</summary>
    /// <param name="statusCode">The HTTP status code (100 to 599).</param>
    /// <param name="systemName">The name of the system that answered, shown to the user (for example <c>HubSpot</c>).</param>
    /// <param name="retryAfter">How long the system asked to wait (see <see cref="ParseRetryAfter(string?, DateTimeOffset)"/>), if it said.</param>
    /// <param name="fieldErrors">The fields the system refused, for 400 and 422 answers.</param>
    /// <param name="technicalDetail">Detail for logs, without secrets or personal data; defaults to the status code.</param>
    /// <returns>
    /// 401 <see cref="ConnectorErrorCode.AuthenticationFailed"/>; 403 <see cref="ConnectorErrorCode.PermissionDenied"/>;
    /// 404 and 410 <see cref="ConnectorErrorCode.NotFound"/>; 408 <see cref="ConnectorErrorCode.Timeout"/> (transient);
    /// 409 and 412 <see cref="ConnectorErrorCode.Conflict"/>; 400 and 422 <see cref="ConnectorErrorCode.ValidationFailed"/>;
    /// 429 <see cref="ConnectorErrorCode.RateLimited"/> (transient); every 5xx <see cref="ConnectorErrorCode.ServiceUnavailable"/>
    /// (transient); anything else <see cref="ConnectorErrorCode.Unknown"/> (not transient).
    /// </returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="statusCode"/> is not an HTTP status code.</exception>
    public static ConnectorError FromHttpResponse(
        int statusCode,
        string? systemName = null,
        TimeSpan? retryAfter = null,
        IReadOnlyList<FieldError>? fieldErrors = null,
        string? technicalDetail = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(statusCode, 100);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(statusCode, 599);

        var (code, transient) = statusCode switch
        {
            400 or 422 => (ConnectorErrorCode.ValidationFailed, false),
            401 => (ConnectorErrorCode.AuthenticationFailed, false),
            403 => (ConnectorErrorCode.PermissionDenied, false),
            404 or 410 => (ConnectorErrorCode.NotFound, false),
            408 => (ConnectorErrorCode.Timeout, true),
            409 or 412 => (ConnectorErrorCode.Conflict, false),
            429 => (ConnectorErrorCode.RateLimited, true),
            >= 500 => (ConnectorErrorCode.ServiceUnavailable, true),
            _ => (ConnectorErrorCode.Unknown, false),
        };

        return new ConnectorError
        {
            Code = code,
            IsTransient = transient,
            SystemName = systemName,
            HttpStatus = statusCode,
            RetryAfter = retryAfter is { } wait && wait < TimeSpan.Zero ? TimeSpan.Zero : retryAfter,
            FieldErrors = fieldErrors ?? [],
            TechnicalDetail = technicalDetail ?? string.Create(CultureInfo.InvariantCulture, $"HTTP {statusCode}"),
        };
    }

    /// <summary>Classifies an exception thrown while talking to a remote system.</summary>
    /// <param name="exception">The exception.</param>
    /// <param name="systemName">The name of the system, shown to the user (for example <c>HubSpot</c>).</param>
    /// <returns>
    /// A <see cref="ConnectorException"/>'s own error (with <paramref name="systemName"/> filled in when it had none);
    /// DNS failures and refused, reset or aborted connections: <see cref="ConnectorErrorCode.Unreachable"/> (transient);
    /// TLS failures: <see cref="ConnectorErrorCode.TlsFailure"/> (not transient); timeouts and cancellations:
    /// <see cref="ConnectorErrorCode.Timeout"/> (transient); unreadable content (<see cref="JsonException"/>,
    /// <see cref="XmlException"/>, <see cref="FormatException"/>, <see cref="InvalidDataException"/>, undecodable text):
    /// <see cref="ConnectorErrorCode.MalformedResponse"/>; an <see cref="HttpRequestException"/> with a status code: as
    /// <see cref="FromHttpResponse"/>; anything else <see cref="ConnectorErrorCode.Unknown"/> (not transient).
    /// </returns>
    /// <remarks>
    /// Every <see cref="OperationCanceledException"/> is taken for a timeout (an <see cref="HttpClient.Timeout"/> or a
    /// linked timeout token): the caller's own cancellation is not a failure and must not be classified. Filter it out
    /// first with <see cref="IsCallerCancellation(Exception, CancellationToken)"/> and let it propagate.
    /// </remarks>
    public static ConnectorError FromException(Exception exception, string? systemName = null)
    {
        ArgumentNullException.ThrowIfNull(exception);

        var depth = 0;
        for (var current = exception; current is not null && depth < MaxChainDepth; current = current.InnerException, depth++)
        {
            if (current is ConnectorException connectorException)
            {
                // Already classified (possibly wrapped by a pipeline): keep it, only naming the system when it had no name.
                var known = connectorException.Error;
                return known.SystemName is null && systemName is not null ? known with { SystemName = systemName } : known;
            }

            if (Classify(current, systemName) is { } error)
            {
                // The outermost exception describes the operation; its inner ones only said what kind of failure it was.
                return error with { TechnicalDetail = Describe(exception) };
            }
        }

        return new ConnectorError
        {
            Code = ConnectorErrorCode.Unknown,
            IsTransient = false,
            SystemName = systemName,
            TechnicalDetail = Describe(exception),
        };
    }

    /// <summary>Classifies <paramref name="exception"/> and wraps it in a <see cref="ConnectorException"/>, or returns it
    /// unchanged when it already is one.</summary>
    /// <param name="exception">The exception.</param>
    /// <param name="systemName">The name of the system, shown to the user.</param>
    /// <returns>The exception to throw.</returns>
    public static ConnectorException ToConnectorException(Exception exception, string? systemName = null)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception as ConnectorException ?? new ConnectorException(FromException(exception, systemName), exception);
    }

    /// <summary>Gets whether an error refuses records rather than the connection, the credentials or the account: the errors for
    /// which the sync engine halves a batch a sink refused as a whole until the refused records stand alone.</summary>
    /// <param name="error">The error.</param>
    /// <returns><see langword="true"/> for <c>VALIDATION_FAILED</c>, <c>INVALID_RECORD</c>, <c>INVALID_PHONE_NUMBER</c>,
    /// <c>INVALID_DATE_TIME</c>, <c>NOT_FOUND</c>, <c>CONFLICT</c>, and any HTTP 4xx other than 401, 403, 408 and 429.</returns>
    public static bool IsRecordLevel(ConnectorError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return error.Code.Is(ConnectorErrorCode.ValidationFailed)
            || error.Code.Is(ConnectorErrorCode.InvalidRecord)
            || error.Code.Is(ConnectorErrorCode.InvalidPhoneNumber)
            || error.Code.Is(ConnectorErrorCode.InvalidDateTime)
            || error.Code.Is(ConnectorErrorCode.NotFound)
            || error.Code.Is(ConnectorErrorCode.Conflict)
            || error.HttpStatus is >= 400 and < 500 and not 401 and not 403 and not 408 and not 429;
    }

    /// <summary>Gets whether <paramref name="exception"/> is the caller cancelling through <paramref name="cancellationToken"/>,
    /// which is not a failure to classify but a cancellation to let through.</summary>
    /// <param name="exception">The exception.</param>
    /// <param name="cancellationToken">The caller's token.</param>
    /// <returns><see langword="true"/> when <paramref name="exception"/> is an <see cref="OperationCanceledException"/> and the caller's token is cancelled.</returns>
    public static bool IsCallerCancellation(Exception exception, CancellationToken cancellationToken) =>
        exception is OperationCanceledException && cancellationToken.IsCancellationRequested;

    /// <summary>Parses the value of a <c>Retry-After</c> header: a number of seconds or an HTTP date.</summary>
    /// <param name="value">The header value, for example <c>120</c> or <c>Wed, 21 Oct 2026 07:28:00 GMT</c>.</param>
    /// <param name="now">The current time, from the caller's <see cref="TimeProvider"/>, to turn a date into a wait.</param>
    /// <returns>How long to wait (zero for a date already passed), or <see langword="null"/> when the value is missing or not understood.</returns>
    public static TimeSpan? ParseRetryAfter(string? value, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var text = value.AsSpan().Trim();
        if (text[0] is >= '0' and <= '9')
        {
            // Delta-seconds is digits only. A value too large for a TimeSpan is clamped rather than dropped: the
            // server clearly asked for a very long wait.
            if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
            {
                return text.ContainsAnyExceptInRange('0', '9') ? null : TimeSpan.MaxValue;
            }

            return seconds > TimeSpan.MaxValue.TotalSeconds ? TimeSpan.MaxValue : TimeSpan.FromSeconds(seconds);
        }

        if (DateTimeOffset.TryParseExact(
            text,
            HttpDateFormats,
            CultureInfo.InvariantCulture,
            DateTimeStyles.AllowWhiteSpaces | DateTimeStyles.AssumeUniversal,
            out var date))
        {
            var wait = date - now;
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return null;
    }

    /// <summary>Parses the value of a <c>Retry-After</c> header against the time of <paramref name="timeProvider"/>.</summary>
    /// <param name="value">The header value.</param>
    /// <param name="timeProvider">The clock.</param>
    /// <returns>How long to wait, or <see langword="null"/> when the value is missing or not understood.</returns>
    public static TimeSpan? ParseRetryAfter(string? value, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        return ParseRetryAfter(value, timeProvider.GetUtcNow());
    }

    private static ConnectorError? Classify(Exception exception, string? systemName) => exception switch
    {
        HttpRequestException { StatusCode: { } status } => FromHttpResponse((int)status, systemName),
        HttpRequestException http => Classify(http.HttpRequestError, systemName),
        SocketException socket => Classify(socket.SocketErrorCode, systemName),
        AuthenticationException => Error(ConnectorErrorCode.TlsFailure, transient: false, systemName),
        TimeoutException or OperationCanceledException => Error(ConnectorErrorCode.Timeout, transient: true, systemName),
        JsonException or XmlException or FormatException or InvalidDataException or DecoderFallbackException =>
            Error(ConnectorErrorCode.MalformedResponse, transient: false, systemName),

        // A bare IOException from a network stream is a connection that broke half-way ("unable to read data from
        // the transport connection"); its inner SocketException, when there is one, has been looked at already.
        IOException when exception.InnerException is null => Error(ConnectorErrorCode.Unreachable, transient: true, systemName),
        _ => null,
    };

    private static ConnectorError? Classify(HttpRequestError error, string? systemName) => error switch
    {
        HttpRequestError.NameResolutionError or HttpRequestError.ConnectionError or HttpRequestError.ProxyTunnelError
            or HttpRequestError.ResponseEnded => Error(ConnectorErrorCode.Unreachable, transient: true, systemName),
        HttpRequestError.SecureConnectionError => Error(ConnectorErrorCode.TlsFailure, transient: false, systemName),
        HttpRequestError.InvalidResponse or HttpRequestError.ConfigurationLimitExceeded =>
            Error(ConnectorErrorCode.MalformedResponse, transient: false, systemName),
        HttpRequestError.UserAuthenticationError => Error(ConnectorErrorCode.AuthenticationFailed, transient: false, systemName),

        // Unknown, protocol and version errors: the inner exception (if any) says more.
        _ => null,
    };

    private static ConnectorError Classify(SocketError error, string? systemName) => error switch
    {
        SocketError.TimedOut => Error(ConnectorErrorCode.Timeout, transient: true, systemName),

        // HostNotFound, TryAgain and NoData are DNS failures; refused, reset, aborted and unreachable are the
        // network's. All may heal on their own (VPN back up, service restarted), so all are transient.
        _ => Error(ConnectorErrorCode.Unreachable, transient: true, systemName),
    };

    private static ConnectorError Error(ConnectorErrorCode code, bool transient, string? systemName) =>
        new() { Code = code, IsTransient = transient, SystemName = systemName };

    private static string Describe(Exception exception) => string.Concat(exception.GetType().Name, ": ", exception.Message);
}
