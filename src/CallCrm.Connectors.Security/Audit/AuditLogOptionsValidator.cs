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
            failures.Add("SealingKey must be set and hold at least 32 characters (for example 32 random bytes, base64).");
        }

        if (options.PseudonymizationKey is { } key && key.Reveal().Length < MinimumKeyLength)
        {
            failures.Add("PseudonymizationKey, when set, must hold at least 32 characters.");
        }

        if (options.Retention is { } retention && retention <= TimeSpan.Zero)
        {
            failures.Add("Retention, when set, must be positive.");
        }

        if (options.MaxAppendAttempts < 1)
        {
            failures.Add("MaxAppendAttempts must be at least 1.");
        }

        if (options.FlushInterval <= TimeSpan.Zero || options.FlushInterval > TimeSpan.FromMinutes(1))
        {
            failures.Add("FlushInterval must be positive and at most 1 minute: buffered entries wait that long to become durable.");
        }

        if (options.MaxBatchSize < 1)
        {
            failures.Add("MaxBatchSize must be at least 1.");
        }

        if (options.BufferCapacity < options.MaxBatchSize)
        {
            failures.Add("BufferCapacity must be at least MaxBatchSize.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
