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
            failures.Add($"Set exactly one of {nameof(SqliteStateStoreOptions.DataSource)} (a file path) and {nameof(SqliteStateStoreOptions.ConnectionString)}.");
        }
        else
        {
            ValidateTarget(options, failures);
        }

        if (options.BusyTimeout <= TimeSpan.Zero || options.BusyTimeout > MaxBusyTimeout)
        {
            failures.Add($"{nameof(SqliteStateStoreOptions.BusyTimeout)} must be positive and at most {MaxBusyTimeout}; it is {options.BusyTimeout}.");
        }

        if (!Enum.IsDefined(options.SynchronousMode))
        {
            failures.Add($"{nameof(SqliteStateStoreOptions.SynchronousMode)} must be Normal or Full; it is {(int)options.SynchronousMode}.");
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
            failures.Add($"{nameof(SqliteStateStoreOptions.ConnectionString)} is not a valid SQLite connection string: {ex.Message}");
            return;
        }

        if (builder.Mode == SqliteOpenMode.Memory
            || string.IsNullOrWhiteSpace(builder.DataSource)
            || string.Equals(builder.DataSource, ":memory:", StringComparison.OrdinalIgnoreCase))
        {
            failures.Add("The state store needs a database file: in-memory and temporary databases lose the state when the process ends.");
        }

        if (builder.Mode == SqliteOpenMode.ReadOnly)
        {
            failures.Add("The state store writes to its database: a read-only connection (Mode=ReadOnly) cannot be used.");
        }
    }
}
