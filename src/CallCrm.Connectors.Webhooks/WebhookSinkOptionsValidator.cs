using System;
using System.Collections.Generic;
using System.Globalization;
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
        var prefix = "Webhook call-system sink '" + name + "': ";
        if (options.Endpoint is not { } endpoint)
        {
            failures.Add(prefix + "Endpoint is required.");
        }
        else if (!endpoint.IsAbsoluteUri)
        {
            failures.Add(prefix + "Endpoint must be an absolute URI.");
        }
        else if (!IsSecureOrAllowedLoopback(endpoint, options.AllowInsecureLoopback))
        {
            failures.Add(prefix + "Endpoint must use https (INSECURE_TRANSPORT); plain http is allowed only to a loopback address with AllowInsecureLoopback set.");
        }

        if (options.Secret is not { } secret || secret.Reveal().Length < MinimumSecretLength)
        {
            failures.Add(prefix + "Secret must be set and hold at least " + MinimumSecretLength.ToString(CultureInfo.InvariantCulture) + " characters.");
        }

        if (options.PreviousSecret is { } previous)
        {
            if (previous.Reveal().Length < MinimumSecretLength)
            {
                failures.Add(prefix + "PreviousSecret, when set, must hold at least " + MinimumSecretLength.ToString(CultureInfo.InvariantCulture) + " characters.");
            }
            else if (previous.Equals(options.Secret))
            {
                failures.Add(prefix + "PreviousSecret must differ from Secret.");
            }
        }

        if (options.ContractVersion is < WebhookContract.OldestVersion or > WebhookContract.CurrentVersion)
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"{prefix}ContractVersion must be between {WebhookContract.OldestVersion} and {WebhookContract.CurrentVersion}."));
        }

        if (options.MaxBatchSize is < 1 or > 1000)
        {
            failures.Add(prefix + "MaxBatchSize must be between 1 and 1000.");
        }

        if (options.Timeout <= TimeSpan.Zero || options.Timeout > TimeSpan.FromMinutes(5))
        {
            failures.Add(prefix + "Timeout must be positive and at most 5 minutes.");
        }

        foreach (var (header, value) in options.Headers)
        {
            if (ReservedHeaders.Contains(header))
            {
                failures.Add(prefix + "Headers must not set '" + header + "': the sink sets it.");
            }
            else if (!IsToken(header) || value is null || value.AsSpan().ContainsAny('\r', '\n'))
            {
                // The value is never quoted: it may be a credential.
                failures.Add(prefix + "Headers holds an invalid header '" + (IsToken(header) ? header : "(invalid name)") + "'.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

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
