using System;
using System.Collections.Generic;
using Microsoft.Extensions.Options;

namespace CallCrm.Connectors.Webhooks;

/// <summary>Validates every named <see cref="WebhookSinkOptions"/> when the host starts.</summary>
internal sealed class WebhookSinkOptionsValidator : IValidateOptions<WebhookSinkOptions>
{
    // The same floor as Security's HmacWebhookOptions: a shorter shared secret is guessable offline from one signed push.
    internal const int MinimumSecretLength = 16;

    // Headers the sink sets itself, or that only the transport may set.
    private static readonly HashSet<string> ReservedHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        WebhookContract.SignatureHeaderName,
        WebhookContract.EventIdHeaderName,
        "Content-Type",
        "Content-Length",
        "Content-Encoding",
        "Transfer-Encoding",
        "Host",
        "Connection",
    };

    public ValidateOptionsResult Validate(string? name, WebhookSinkOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.Endpoint is not { } endpoint)
        {
            failures.Add(Failure(name, ValidationText.Get("Sink.EndpointRequired")));
        }
        else if (!endpoint.IsAbsoluteUri)
        {
            failures.Add(Failure(name, ValidationText.Get("Sink.EndpointAbsolute")));
        }
        else if (!IsSecureOrAllowedLoopback(endpoint, options.AllowInsecureLoopback))
        {
            failures.Add(Failure(name, ValidationText.Get("Sink.EndpointHttps")));
        }

        if (options.Secret is not { } secret || secret.Reveal().Length < MinimumSecretLength)
        {
            failures.Add(Failure(name, ValidationText.Format("Sink.Secret", MinimumSecretLength)));
        }

        if (options.PreviousSecret is { } previous)
        {
            if (previous.Reveal().Length < MinimumSecretLength)
            {
                failures.Add(Failure(name, ValidationText.Format("Sink.PreviousSecretLength", MinimumSecretLength)));
            }
            else if (previous.Equals(options.Secret))
            {
                failures.Add(Failure(name, ValidationText.Get("Sink.PreviousSecretSame")));
            }
        }

        if (options.ContractVersion is < WebhookContract.OldestVersion or > WebhookContract.CurrentVersion)
        {
            failures.Add(Failure(name, ValidationText.Format("Sink.ContractVersion", WebhookContract.OldestVersion, WebhookContract.CurrentVersion)));
        }

        if (options.MaxBatchSize is < 1 or > 1000)
        {
            failures.Add(Failure(name, ValidationText.Get("Sink.MaxBatchSize")));
        }

        if (options.Timeout <= TimeSpan.Zero || options.Timeout > TimeSpan.FromMinutes(5))
        {
            failures.Add(Failure(name, ValidationText.Get("Sink.Timeout")));
        }

        foreach (var (header, value) in options.Headers)
        {
            if (ReservedHeaders.Contains(header))
            {
                failures.Add(Failure(name, ValidationText.Format("Sink.HeaderReserved", header)));
            }
            else if (!IsToken(header) || value is null || value.AsSpan().ContainsAny('\r', '\n'))
            {
                // The value is never quoted: it may be a credential.
                failures.Add(Failure(name, ValidationText.Format("Sink.HeaderInvalid", IsToken(header) ? header : ValidationText.Get("Sink.InvalidHeaderName"))));
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    // "Webhook call-system sink '<name>': <problem>", in the current UI culture.
    private static string Failure(string? name, string problem) => ValidationText.Format("Sink.Failure", name, problem);

    private static bool IsSecureOrAllowedLoopback(Uri uri, bool allowInsecureLoopback) =>
        uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && allowInsecureLoopback && uri.IsLoopback);

    // RFC 9110 token characters.
    private static bool IsToken(string name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c, StringComparison.Ordinal)))
            {
                return false;
            }
        }

        return true;
    }
}
