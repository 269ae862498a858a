using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using CallCrm.Connectors.Security.Redaction;
using CallCrm.Connectors.Security.Webhooks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CallCrm.Connectors.Twilio.Webhooks;

/// <summary>Checks Twilio's <c>X-Twilio-Signature</c>: base64 HMAC-SHA1, keyed with the account's auth token, over the full URL followed by
/// the POST parameters sorted by name (name and value concatenated); for JSON bodies over the URL alone, whose <c>bodySHA256</c> query
/// parameter must equal the SHA-256 of the body.</summary>
/// <remarks>Twilio's own scheme, so it lives in the Twilio package; the generic HMAC-SHA256 validation stays in
/// <c>CallCrm.Connectors.Security</c> (<see cref="HmacWebhookValidator"/>). Use the URL exactly as Twilio called it (scheme, host, path, query), as configured in Twilio, not as rewritten by a proxy.
/// Like Twilio's own libraries, the URL is also tried with and without the scheme's default port.</remarks>
public sealed class TwilioSignatureValidator
{
    /// <summary>The name of the header Twilio puts the signature in.</summary>
    public const string HeaderName = "X-Twilio-Signature";

    private readonly byte[] key;
    private readonly ILogger logger;

    /// <summary>Initializes a new instance of the <see cref="TwilioSignatureValidator"/> class.</summary>
    /// <param name="authToken">The Twilio account's auth token.</param>
    /// <param name="logger">Logs refusals (the reason only).</param>
    public TwilioSignatureValidator(Secret authToken, ILogger<TwilioSignatureValidator>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(authToken);
        if (authToken.IsEmpty)
        {
            throw new ArgumentException("The auth token is empty.", nameof(authToken));
        }

        key = authToken.RevealUtf8();
        this.logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>Computes the signature Twilio sends for a request (for fakes of Twilio in tests, and for diagnostics).</summary>
    /// <param name="authToken">The auth token.</param>
    /// <param name="url">The full URL.</param>
    /// <param name="parameters">The POST form parameters; none for a GET or a JSON body.</param>
    /// <returns>The base64 signature.</returns>
    public static string ComputeSignature(Secret authToken, string url, IEnumerable<KeyValuePair<string, string?>>? parameters = null)
    {
        ArgumentNullException.ThrowIfNull(authToken);
        ArgumentNullException.ThrowIfNull(url);
        return Convert.ToBase64String(Compute(authToken.RevealUtf8(), url, parameters));
    }

    /// <summary>Checks a form-encoded (or GET) request.</summary>
    /// <param name="url">The full URL Twilio called, with its query string.</param>
    /// <param name="parameters">The POST form parameters (a name may repeat); none for a GET.</param>
    /// <param name="signature">The <c>X-Twilio-Signature</c> header, or <see langword="null"/> when absent.</param>
    /// <returns><see cref="WebhookValidationResult.Valid"/>, or why the request must be refused.</returns>
    public WebhookValidationResult Validate(string url, IEnumerable<KeyValuePair<string, string?>>? parameters, string? signature)
    {
        ArgumentNullException.ThrowIfNull(url);
        var pairs = parameters?.ToList();
        return Report(Check(signature, candidate => Compute(key, candidate, pairs), url));
    }

    /// <summary>Checks a request with a JSON (or other non-form) body.</summary>
    /// <param name="url">The full URL Twilio called, including its <c>bodySHA256</c> query parameter.</param>
    /// <param name="body">The exact bytes received.</param>
    /// <param name="signature">The <c>X-Twilio-Signature</c> header, or <see langword="null"/> when absent.</param>
    /// <returns><see cref="WebhookValidationResult.Valid"/>, or why the request must be refused.</returns>
    public WebhookValidationResult ValidateBody(string url, ReadOnlySpan<byte> body, string? signature)
    {
        ArgumentNullException.ThrowIfNull(url);
        var result = Check(signature, candidate => Compute(key, candidate, null), url);
        if (result == WebhookValidationResult.Valid)
        {
            var declared = GetQueryParameter(url, "bodySHA256");
            var actual = Convert.ToHexStringLower(SHA256.HashData(body));
            if (declared is null || !CryptographicOperations.FixedTimeEquals(
                Encoding.ASCII.GetBytes(declared.ToLowerInvariant()), Encoding.ASCII.GetBytes(actual)))
            {
                result = WebhookValidationResult.BodyHashMismatch;
            }
        }

        return Report(result);
    }

    /// <summary>Checks a request with a UTF-8 text body.</summary>
    /// <param name="url">The full URL Twilio called, including its <c>bodySHA256</c> query parameter.</param>
    /// <param name="body">The body received.</param>
    /// <param name="signature">The <c>X-Twilio-Signature</c> header.</param>
    /// <returns><see cref="WebhookValidationResult.Valid"/>, or why the request must be refused.</returns>
    public WebhookValidationResult ValidateBody(string url, string body, string? signature)
    {
        ArgumentNullException.ThrowIfNull(body);
        return ValidateBody(url, Encoding.UTF8.GetBytes(body), signature);
    }

    private WebhookValidationResult Report(WebhookValidationResult result)
    {
        if (result != WebhookValidationResult.Valid)
        {
            Log.SignatureRefused(logger, result);
        }

        return result;
    }

    private static WebhookValidationResult Check(string? signature, Func<string, byte[]> compute, string url)
    {
        if (string.IsNullOrWhiteSpace(signature))
        {
            return WebhookValidationResult.MissingSignature;
        }

        var presented = new byte[20];
        if (!Convert.TryFromBase64String(signature.Trim(), presented, out var written) || written != presented.Length)
        {
            return WebhookValidationResult.MalformedSignature;
        }

        var valid = false;
        foreach (var candidate in UrlVariants(url))
        {
            valid |= CryptographicOperations.FixedTimeEquals(compute(candidate), presented);
        }

        return valid ? WebhookValidationResult.Valid : WebhookValidationResult.InvalidSignature;
    }

    private static byte[] Compute(byte[] key, string url, IEnumerable<KeyValuePair<string, string?>>? parameters)
    {
        var data = new StringBuilder(url);
        if (parameters is not null)
        {
            // Twilio sorts by name in ordinal (code unit) order; values of a repeated name are sorted too.
            foreach (var (name, value) in parameters.OrderBy(p => p.Key, StringComparer.Ordinal).ThenBy(p => p.Value, StringComparer.Ordinal))
            {
                data.Append(name).Append(value);
            }
        }

#pragma warning disable CA5350 // Twilio's scheme is HMAC-SHA1; the algorithm is the vendor's, not a choice.
        return HMACSHA1.HashData(key, Encoding.UTF8.GetBytes(data.ToString()));
#pragma warning restore CA5350
    }

    private static IEnumerable<string> UrlVariants(string url)
    {
        yield return url;
        var schemeEnd = url.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd < 0)
        {
            yield break;
        }

        var scheme = url[..schemeEnd];
        var defaultPort = scheme.Equals("https", StringComparison.OrdinalIgnoreCase) ? "443"
            : scheme.Equals("http", StringComparison.OrdinalIgnoreCase) ? "80" : null;
        if (defaultPort is null)
        {
            yield break;
        }

        var authorityStart = schemeEnd + 3;
        var authorityEnd = url.IndexOfAny(['/', '?', '#'], authorityStart);
        if (authorityEnd < 0)
        {
            authorityEnd = url.Length;
        }

        var authority = url[authorityStart..authorityEnd];
        var colon = authority.LastIndexOf(':');
        var hasPort = colon >= 0 && !authority.EndsWith(']');
        if (!hasPort)
        {
            yield return string.Concat(url[..authorityEnd], ":", defaultPort, url[authorityEnd..]);
        }
        else if (authority[(colon + 1)..] == defaultPort)
        {
            yield return string.Concat(url.AsSpan(0, authorityStart + colon), url.AsSpan(authorityEnd));
        }
    }

    private static string? GetQueryParameter(string url, string name)
    {
        var query = url.IndexOf('?', StringComparison.Ordinal);
        if (query < 0)
        {
            return null;
        }

        var end = url.IndexOf('#', query);
        foreach (var pair in url[(query + 1)..(end < 0 ? url.Length : end)].Split('&'))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0 && pair.AsSpan(0, eq).Equals(name, StringComparison.Ordinal))
            {
                return Uri.UnescapeDataString(pair[(eq + 1)..]);
            }
        }

        return null;
    }
}
