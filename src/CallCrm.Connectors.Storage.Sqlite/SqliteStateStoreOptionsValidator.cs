using System;
using System.Collections.Generic;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace CallCrm.Connectors.Storage.Sqlite;

/// <summary>Validates <see cref="SqliteStateStoreOptions"/>, at start through the options pipeline and in the store's constructor.</summary>
internal sealed class SqliteStateStoreOptionsValidator : IValidateOptions<SqliteStateStoreOptions>
{
    /// <summary>PRAGMA busy_timeout takes milliseconds as a 32-bit integer.</summary>
    private static readonly TimeSpan MaxBusyTimeout = TimeSpan.FromMilliseconds(int.MaxValue);

    public static SqliteStateStoreOptionsValidator Instance { get; } = new();

    public ValidateOptionsResult Validate(string? name, SqliteStateStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        var hasDataSource = !string.IsNullOrWhiteSpace(options.DataSource);
        var hasConnectionString = !string.IsNullOrWhiteSpace(options.ConnectionString);
        if (hasDataSource == hasConnectionString)
        {
            failures.Add(ValidationText.Get("Sqlite.OneTarget"));
        }
        else
        {
            ValidateTarget(options, failures);
        }

        if (options.BusyTimeout <= TimeSpan.Zero || options.BusyTimeout > MaxBusyTimeout)
        {
            failures.Add(ValidationText.Format("Sqlite.BusyTimeout", MaxBusyTimeout, options.BusyTimeout));
        }

        if (!Enum.IsDefined(options.SynchronousMode))
        {
            failures.Add(ValidationText.Format("Sqlite.SynchronousMode", (int)options.SynchronousMode));
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Throws the same exception the options pipeline throws at start, for stores created without dependency injection.</summary>
    public static void ThrowIfInvalid(SqliteStateStoreOptions options)
    {
        var result = Instance.Validate(Options.DefaultName, options);
        if (result.Failed)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(SqliteStateStoreOptions), result.Failures);
        }
    }

    private static void ValidateTarget(SqliteStateStoreOptions options, List<string> failures)
    {
        SqliteConnectionStringBuilder builder;
        try
        {
            builder = SqliteConnectionStrings.Parse(options);
        }
        catch (ArgumentException ex)
        {
            // The message names the offending keyword, never the value (which may be a password).
            failures.Add(ValidationText.Format("Sqlite.BadConnectionString", ex.Message));
            return;
        }

        if (builder.Mode == SqliteOpenMode.Memory
            || string.IsNullOrWhiteSpace(builder.DataSource)
            || string.Equals(builder.DataSource, ":memory:", StringComparison.OrdinalIgnoreCase))
        {
            failures.Add(ValidationText.Get("Sqlite.InMemory"));
        }

        if (builder.Mode == SqliteOpenMode.ReadOnly)
        {
            failures.Add(ValidationText.Get("Sqlite.ReadOnly"));
        }
    }
}
