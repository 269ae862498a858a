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
            failures.Add($"{nameof(PostgreSqlStateStoreOptions.ConnectionString)} is required, for example \"Host=db;Database=callcrm;Username=connector;Password=...\".");
        }
        else
        {
            ValidateConnectionString(options.ConnectionString, failures);
        }

        // The schema name is spliced into DDL and the search path, so only plain identifiers that never need quoting are taken.
        if (options.Schema is null || !SchemaPattern().IsMatch(options.Schema))
        {
            failures.Add($"{nameof(PostgreSqlStateStoreOptions.Schema)} must be a lower-case identifier (letters a-z, digits and underscores, starting with a letter or underscore, at most 63 characters); it is '{options.Schema}'.");
        }

        if (options.CommandTimeout < TimeSpan.FromSeconds(1) || options.CommandTimeout > MaxCommandTimeout || options.CommandTimeout.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            failures.Add($"{nameof(PostgreSqlStateStoreOptions.CommandTimeout)} must be whole seconds from 1 second to {MaxCommandTimeout}; it is {options.CommandTimeout}.");
        }

        if (options.OutboxClaimDuration <= TimeSpan.Zero)
        {
            failures.Add($"{nameof(PostgreSqlStateStoreOptions.OutboxClaimDuration)} must be positive; it is {options.OutboxClaimDuration}.");
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
            failures.Add($"{nameof(PostgreSqlStateStoreOptions.ConnectionString)} is not a valid Npgsql connection string: {ex.Message}");
            return;
        }

        if (string.IsNullOrWhiteSpace(builder.Host))
        {
            failures.Add($"{nameof(PostgreSqlStateStoreOptions.ConnectionString)} names no Host.");
        }

        // Stream leases are session advisory locks, which need a connection of their own; multiplexing shares connections.
        if (builder.Multiplexing)
        {
            failures.Add($"{nameof(PostgreSqlStateStoreOptions.ConnectionString)} sets Multiplexing=true, which the store cannot use: its stream leases hold session locks on a connection of their own.");
        }
    }

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$", RegexOptions.CultureInvariant)]
    private static partial Regex SchemaPattern();
}
