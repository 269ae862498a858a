using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace CallCrm.Connectors.Storage.PostgreSql;

/// <summary>Validates <see cref="PostgreSqlStateStoreOptions"/>, at start through the options pipeline and in the store's constructor.</summary>
internal sealed partial class PostgreSqlStateStoreOptionsValidator : IValidateOptions<PostgreSqlStateStoreOptions>
{
    private static readonly TimeSpan MaxCommandTimeout = TimeSpan.FromHours(1);

    public static PostgreSqlStateStoreOptionsValidator Instance { get; } = new();

    public ValidateOptionsResult Validate(string? name, PostgreSqlStateStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            failures.Add(ValidationText.Get("PostgreSql.ConnectionStringRequired"));
        }
        else
        {
            ValidateConnectionString(options.ConnectionString, failures);
        }

        // The schema name is spliced into DDL and the search path, so only plain identifiers that never need quoting are taken.
        if (options.Schema is null || !SchemaPattern().IsMatch(options.Schema))
        {
            failures.Add(ValidationText.Format("PostgreSql.Schema", options.Schema));
        }

        if (options.CommandTimeout < TimeSpan.FromSeconds(1) || options.CommandTimeout > MaxCommandTimeout || options.CommandTimeout.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            failures.Add(ValidationText.Format("PostgreSql.CommandTimeout", MaxCommandTimeout, options.CommandTimeout));
        }

        if (options.OutboxClaimDuration <= TimeSpan.Zero)
        {
            failures.Add(ValidationText.Format("PostgreSql.OutboxClaimDuration", options.OutboxClaimDuration));
        }

        if (options.LeaseKeepAliveInterval <= TimeSpan.Zero)
        {
            failures.Add(ValidationText.Format("PostgreSql.LeaseKeepAliveInterval", options.LeaseKeepAliveInterval));
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Throws the same exception the options pipeline throws at start, for stores created without dependency injection.</summary>
    public static void ThrowIfInvalid(PostgreSqlStateStoreOptions options)
    {
        var result = Instance.Validate(Options.DefaultName, options);
        if (result.Failed)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(PostgreSqlStateStoreOptions), result.Failures);
        }
    }

    private static void ValidateConnectionString(string connectionString, List<string> failures)
    {
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException ex)
        {
            // Npgsql's message names the offending keyword, never the value (which may be a password).
            failures.Add(ValidationText.Format("PostgreSql.BadConnectionString", ex.Message));
            return;
        }

        if (string.IsNullOrWhiteSpace(builder.Host))
        {
            failures.Add(ValidationText.Get("PostgreSql.NoHost"));
        }

        // Stream leases are session advisory locks, which need a connection of their own; multiplexing shares connections.
        if (builder.Multiplexing)
        {
            failures.Add(ValidationText.Get("PostgreSql.Multiplexing"));
        }
    }

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$", RegexOptions.CultureInvariant)]
    private static partial Regex SchemaPattern();
}
