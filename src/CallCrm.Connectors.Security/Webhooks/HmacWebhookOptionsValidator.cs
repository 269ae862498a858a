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
            failures.Add(ValidationText.Format("Webhook.SigningSecret", MinimumSecretLength));
        }

        if (options.PreviousSecrets.Any(s => s is null || s.IsEmpty))
        {
            failures.Add(ValidationText.Get("Webhook.PreviousSecrets"));
        }

        if (options.Tolerance <= TimeSpan.Zero || options.Tolerance > TimeSpan.FromHours(1))
        {
            failures.Add(ValidationText.Get("Webhook.Tolerance"));
        }

        if (string.IsNullOrWhiteSpace(options.HeaderName))
        {
            failures.Add(ValidationText.Get("Webhook.HeaderName"));
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
