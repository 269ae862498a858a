using System;
using System.Collections.Generic;
using CallCrm.Connectors.Http;
using Microsoft.Extensions.Options;

namespace CallCrm.Connectors.Http.Internal;

/// <summary>Validates every named <see cref="ConnectorHttpClientOptions"/> when the host starts.</summary>
internal sealed class ConnectorHttpClientOptionsValidator : IValidateOptions<ConnectorHttpClientOptions>
{
    public ValidateOptionsResult Validate(string? name, ConnectorHttpClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.BaseAddress is not { } baseAddress)
        {
            failures.Add(Failure(name, ValidationText.Get("Client.BaseAddressRequired")));
        }
        else if (!baseAddress.IsAbsoluteUri)
        {
            failures.Add(Failure(name, ValidationText.Get("Client.BaseAddressAbsolute")));
        }
        else if (!string.IsNullOrEmpty(baseAddress.UserInfo))
        {
            failures.Add(Failure(name, ValidationText.Get("Client.BaseAddressCredentials")));
        }
        else if (!VendorUrlGuard.IsSecureOrAllowedLoopback(baseAddress, options.AllowInsecureLoopback))
        {
            failures.Add(Failure(name, ValidationText.Format("Transport.Https", nameof(options.BaseAddress))));
        }

        if (!string.IsNullOrWhiteSpace(options.ApiVersion) && string.IsNullOrWhiteSpace(options.ApiVersionHeaderName))
        {
            failures.Add(Failure(name, ValidationText.Get("Client.ApiVersionHeaderName")));
        }

        foreach (var host in options.AdditionalAllowedHosts)
        {
            if (Uri.CheckHostName(host) is UriHostNameType.Unknown or UriHostNameType.Basic)
            {
                failures.Add(Failure(name, ValidationText.Format("Client.AllowedHost", host)));
            }
        }

        Check(failures, name, options.MaxRedirects >= 0, "Setting.NotNegative", nameof(options.MaxRedirects));
        Check(failures, name, options.AttemptTimeout > TimeSpan.Zero, "Setting.Positive", nameof(options.AttemptTimeout));
        Check(failures, name, options.TotalRequestTimeout >= options.AttemptTimeout, "Client.TotalRequestTimeout");
        Check(failures, name, options.MaxErrorBodyBytes >= 0, "Setting.NotNegative", nameof(options.MaxErrorBodyBytes));
        Check(failures, name, options.RequestCompressionMinimumBytes >= 0, "Setting.NotNegative", nameof(options.RequestCompressionMinimumBytes));
        Check(failures, name, options.Retry.MaxRetryAttempts >= 0, "Setting.NotNegative", "Retry." + nameof(options.Retry.MaxRetryAttempts));
        Check(failures, name, options.Retry.BaseDelay >= TimeSpan.Zero && options.Retry.MaxDelay >= options.Retry.BaseDelay, "Client.RetryDelays");
        Check(failures, name, options.Retry.MaxRetryAfter >= TimeSpan.Zero, "Setting.NotNegative", "Retry." + nameof(options.Retry.MaxRetryAfter));
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    // "Connector HTTP client '<name>': <problem>", in the current UI culture.
    private static string Failure(string? name, string problem) => ValidationText.Format("Client.Failure", name, problem);

    private static void Check(List<string> failures, string? name, bool condition, string key, params object?[] args)
    {
        if (!condition)
        {
            failures.Add(Failure(name, ValidationText.Format(key, args)));
        }
    }
}
