using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.Extensions.Options;

namespace CallCrm.Connectors.Security.Webhooks;

/// <summary>Validates <see cref="HmacWebhookOptions"/> at start.</summary>
internal sealed class HmacWebhookOptionsValidator : IValidateOptions<HmacWebhookOptions>
{
    internal const int MinimumSecretLength = 16;

    public ValidateOptionsResult Validate(string? name, HmacWebhookOptions options)
    {
        var failures = new List<string>();
        if (options.SigningSecret is null || options.SigningSecret.Reveal().Length < MinimumSecretLength)
        {
            failures.Add(string.Concat("SigningSecret must be set and hold at least ", MinimumSecretLength.ToString(System.Globalization.CultureInfo.InvariantCulture), " characters."));
        }

        if (options.PreviousSecrets.Any(s => s is null || s.IsEmpty))
        {
            failures.Add("PreviousSecrets must not hold empty secrets.");
        }

        if (options.Tolerance <= TimeSpan.Zero || options.Tolerance > TimeSpan.FromHours(1))
        {
            failures.Add("Tolerance must be positive and at most one hour.");
        }

        if (string.IsNullOrWhiteSpace(options.HeaderName))
        {
            failures.Add("HeaderName must be set.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
