using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CallCrm.Connectors.Security.Webhooks;

/// <summary>Checks incoming webhooks signed with the generic HMAC-SHA256 scheme: signature (constant-time), timestamp window and replay.</summary>
public sealed class HmacWebhookValidator
{
    private const int MacLength = 32;
    private readonly byte[][] keys;
    private readonly TimeSpan tolerance;
    private readonly IWebhookReplayStore replayStore;
    private readonly TimeProvider timeProvider;
    private readonly ILogger logger;

    /// <summary>Initializes a new instance of the <see cref="HmacWebhookValidator"/> class.</summary>
    /// <param name="options">The secrets and the window.</param>
    /// <param name="replayStore">Where accepted events are remembered inside the window.</param>
    /// <param name="timeProvider">The clock the window is measured with.</param>
    /// <param name="logger">Logs refusals (the reason only, never the signature or the body).</param>
    public HmacWebhookValidator(
        IOptions<HmacWebhookOptions> options,
        IWebhookReplayStore replayStore,
        TimeProvider timeProvider,
        ILogger<HmacWebhookValidator>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(replayStore);
        ArgumentNullException.ThrowIfNull(timeProvider);
        var value = options.Value;
        var signing = value.SigningSecret ?? throw new ArgumentException("HmacWebhookOptions.SigningSecret is not set.", nameof(options));
        keys = [signing.RevealUtf8(), .. value.PreviousSecrets.Select(s => s.RevealUtf8())];
        tolerance = value.Tolerance;
        HeaderName = value.HeaderName;
        this.replayStore = replayStore;
        this.timeProvider = timeProvider;
        this.logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>Gets the name of the header the signature is read from.</summary>
    public string HeaderName { get; }

    /// <summary>Checks a request and, when it is valid, records it against replay.</summary>
    /// <param name="signatureHeader">The value of the signature header, or <see langword="null"/> when it is absent.</param>
    /// <param name="body">The exact bytes received.</param>
    /// <param name="eventId">The event's own identifier, if the payload has one; otherwise the signature identifies the event.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns><see cref="WebhookValidationResult.Valid"/>, or why the request must be refused.</returns>
    public async ValueTask<WebhookValidationResult> ValidateAsync(
        string? signatureHeader,
        ReadOnlyMemory<byte> body,
        string? eventId = null,
        CancellationToken cancellationToken = default)
    {
        var result = Check(signatureHeader, body.Span, out var timestamp, out var matched);
        if (result == WebhookValidationResult.Valid)
        {
            var expiresAt = DateTimeOffset.FromUnixTimeSeconds(timestamp) + tolerance;
            var key = eventId is null ? string.Concat("sig:", matched) : string.Concat("id:", eventId);
            if (!await replayStore.TryRegisterAsync(key, expiresAt, cancellationToken).ConfigureAwait(false))
            {
                result = WebhookValidationResult.Replayed;
            }
        }

        if (result != WebhookValidationResult.Valid)
        {
            Log.WebhookRefused(logger, "hmac-sha256", result);
        }

        return result;
    }

    /// <summary>Checks a request with a UTF-8 text body.</summary>
    /// <param name="signatureHeader">The value of the signature header.</param>
    /// <param name="body">The body received.</param>
    /// <param name="eventId">The event's own identifier, if any.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns><see cref="WebhookValidationResult.Valid"/>, or why the request must be refused.</returns>
    public ValueTask<WebhookValidationResult> ValidateAsync(string? signatureHeader, string body, string? eventId = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(body);
        return ValidateAsync(signatureHeader, Encoding.UTF8.GetBytes(body), eventId, cancellationToken);
    }

    private WebhookValidationResult Check(string? header, ReadOnlySpan<byte> body, out long timestamp, out string? matched)
    {
        timestamp = 0;
        matched = null;
        if (string.IsNullOrWhiteSpace(header))
        {
            return WebhookValidationResult.MissingSignature;
        }

        if (!TryParse(header, out timestamp, out var signatures))
        {
            return WebhookValidationResult.MalformedSignature;
        }

        // Check every presented signature against every accepted key, without stopping early, so timing says nothing about which matched.
        var valid = false;
        foreach (var key in keys)
        {
            var expected = HmacWebhookSignature.Compute(key, timestamp, body);
            foreach (var (hex, bytes) in signatures)
            {
                if (CryptographicOperations.FixedTimeEquals(expected, bytes))
                {
                    valid = true;
                    matched = hex;
                }
            }
        }

        if (!valid)
        {
            return WebhookValidationResult.InvalidSignature;
        }

        var age = timeProvider.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(timestamp);
        return age.Duration() > tolerance ? WebhookValidationResult.TimestampOutsideWindow : WebhookValidationResult.Valid;
    }

    private static bool TryParse(string header, out long timestamp, out List<(string Hex, byte[] Bytes)> signatures)
    {
        timestamp = 0;
        signatures = [];
        var hasTimestamp = false;
        foreach (var part in header.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                return false;
            }

            var name = part[..eq];
            var value = part[(eq + 1)..];
            if (name == "t")
            {
                if (hasTimestamp || !long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out timestamp)
                    || timestamp > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
                {
                    return false;
                }

                hasTimestamp = true;
            }
            else if (name == HmacWebhookSignature.Version)
            {
                if (value.Length != MacLength * 2)
                {
                    return false;
                }

                try
                {
                    signatures.Add((value.ToLowerInvariant(), Convert.FromHexString(value)));
                }
                catch (FormatException)
                {
                    return false;
                }
            }

            // Other schemes (v0, future versions) are ignored, as receivers of such headers conventionally do.
        }

        return hasTimestamp && signatures.Count > 0;
    }
}
