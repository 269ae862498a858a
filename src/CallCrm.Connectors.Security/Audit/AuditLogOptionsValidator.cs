using System;
using System.Collections.Generic;
using Microsoft.Extensions.Options;

namespace CallCrm.Connectors.Security.Audit;

/// <summary>Validates <see cref="AuditLogOptions"/> at start: a missing or short sealing key would make the seal worthless.</summary>
internal sealed class AuditLogOptionsValidator : IValidateOptions<AuditLogOptions>
{
    internal const int MinimumKeyLength = 32;

    public ValidateOptionsResult Validate(string? name, AuditLogOptions options)
    {
        var failures = new List<string>();
        if (options.SealingKey is null || options.SealingKey.Reveal().Length < MinimumKeyLength)
        {
            failures.Add(ValidationText.Get("Audit.SealingKey"));
        }

        if (options.PseudonymizationKey is { } key && key.Reveal().Length < MinimumKeyLength)
        {
            failures.Add(ValidationText.Get("Audit.PseudonymizationKey"));
        }

        if (options.Retention is { } retention && retention <= TimeSpan.Zero)
        {
            failures.Add(ValidationText.Get("Audit.Retention"));
        }

        if (options.MaxAppendAttempts < 1)
        {
            failures.Add(ValidationText.Format("Setting.AtLeastOne", nameof(AuditLogOptions.MaxAppendAttempts)));
        }

        if (options.FlushInterval <= TimeSpan.Zero || options.FlushInterval > TimeSpan.FromMinutes(1))
        {
            failures.Add(ValidationText.Get("Audit.FlushInterval"));
        }

        if (options.MaxBatchSize < 1)
        {
            failures.Add(ValidationText.Format("Setting.AtLeastOne", nameof(AuditLogOptions.MaxBatchSize)));
        }

        if (options.BufferCapacity < options.MaxBatchSize)
        {
            failures.Add(ValidationText.Get("Audit.BufferCapacity"));
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
