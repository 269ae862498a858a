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
        var prefix = "Connector HTTP client '" + name + "': ";
        if (options.BaseAddress is not { } baseAddress)
        {
            failures.Add(prefix + "BaseAddress is required.");
        }
        else if (!baseAddress.IsAbsoluteUri)
        {
            failures.Add(prefix + "BaseAddress must be an absolute URI.");
        }
        else if (!string.IsNullOrEmpty(baseAddress.UserInfo))
        {
            failures.Add(prefix + "BaseAddress must not carry user credentials; use an authentication method (AddBasicAuthentication, ...) instead.");
        }
        else if (!VendorUrlGuard.IsSecureOrAllowedLoopback(baseAddress, options.AllowInsecureLoopback))
        {
            failures.Add(prefix + "BaseAddress must use https (INSECURE_TRANSPORT); plain http is allowed only to a loopback address with AllowInsecureLoopback set.");
        }

        if (!string.IsNullOrWhiteSpace(options.ApiVersion) && string.IsNullOrWhiteSpace(options.ApiVersionHeaderName))
        {
            failures.Add(prefix + "ApiVersionHeaderName is required when ApiVersion is set.");
        }

        foreach (var host in options.AdditionalAllowedHosts)
        {
            if (Uri.CheckHostName(host) is UriHostNameType.Unknown or UriHostNameType.Basic)
            {
                failures.Add(prefix + "AdditionalAllowedHosts holds '" + host + "', which is not a host name.");
            }
        }

        Check(failures, options.MaxRedirects >= 0, prefix + "MaxRedirects must not be negative.");
        Check(failures, options.AttemptTimeout > TimeSpan.Zero, prefix + "AttemptTimeout must be positive.");
        Check(failures, options.TotalRequestTimeout >= options.AttemptTimeout, prefix + "TotalRequestTimeout must be at least AttemptTimeout.");
        Check(failures, options.MaxErrorBodyBytes >= 0, prefix + "MaxErrorBodyBytes must not be negative.");
        Check(failures, options.RequestCompressionMinimumBytes >= 0, prefix + "RequestCompressionMinimumBytes must not be negative.");
        Check(failures, options.Retry.MaxRetryAttempts >= 0, prefix + "Retry.MaxRetryAttempts must not be negative.");
        Check(failures, options.Retry.BaseDelay >= TimeSpan.Zero && options.Retry.MaxDelay >= options.Retry.BaseDelay, prefix + "Retry delays must satisfy 0 <= BaseDelay <= MaxDelay.");
        Check(failures, options.Retry.MaxRetryAfter >= TimeSpan.Zero, prefix + "Retry.MaxRetryAfter must not be negative.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Check(List<string> failures, bool condition, string message)
    {
        if (!condition)
        {
            failures.Add(message);
        }
    }
}
