using System;
using System.Collections.Generic;
using Microsoft.Extensions.Options;

namespace CallCrm.Connectors.Security.Lookup;

/// <summary>Validates <see cref="SecureCustomerLookupOptions"/> at start.</summary>
internal sealed class SecureCustomerLookupOptionsValidator : IValidateOptions<SecureCustomerLookupOptions>
{
    public ValidateOptionsResult Validate(string? name, SecureCustomerLookupOptions options)
    {
        var failures = new List<string>();
        if (options.HistoryWindow < TimeSpan.Zero)
        {
            failures.Add(ValidationText.Format("Setting.NotNegative", nameof(SecureCustomerLookupOptions.HistoryWindow)));
        }

        if (options.MaxCandidates is < 1 or > 100)
        {
            failures.Add(ValidationText.Get("Lookup.MaxCandidates"));
        }

        if (options.LookupServiceKey is { } key && string.IsNullOrWhiteSpace(key))
        {
            failures.Add(ValidationText.Get("Lookup.LookupServiceKey"));
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
